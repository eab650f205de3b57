package io.sightline.image.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden preprocessing fixtures (image/src/test/fixtures/make-parity-fixtures.py): the manifest
 * of generated pictures and torchvision's reference tensors. Shared with the model module's tests
 * through the image test-jar.
 */
public final class ParityFixtures {
    static final String ROOT = "/fixtures/parity/";

    private static List<ParityPicture> pictures;

    private ParityFixtures() {
    }

    /** Every picture of the manifest, in its order. */
    public static synchronized List<ParityPicture> pictures() {
        if (pictures == null) {
            JsonNode manifest = json(resource("manifest.json"));
            Map<Character, int[]> font = new HashMap<>();
            manifest.get("font").properties().forEach(glyph -> {
                int[] rows = new int[7];
                for (int r = 0; r < 7; r++) {
                    rows[r] = glyph.getValue().get(r).asInt();
                }
                font.put(glyph.getKey().charAt(0), rows);
            });
            String text = manifest.get("text").asText();
            List<ParityPicture> all = new ArrayList<>();
            for (JsonNode picture : manifest.get("pictures")) {
                all.add(new ParityPicture(picture, font, text));
            }
            pictures = List.copyOf(all);
        }
        return pictures;
    }

    /** The picture called {@code name}. */
    public static ParityPicture picture(String name) {
        return pictures().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parity picture " + name));
    }

    static byte[] resource(String name) {
        try (InputStream in = ParityFixtures.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + ROOT + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return new ObjectMapper().readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
