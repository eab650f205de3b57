package io.sightline.trainer;

import io.sightline.image.ImageDecoder;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Singleton;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Small JPEG thumbnails as data URIs for the self-contained report; pictures never change, so they are cached. */
@Singleton
public class ReportThumbnails {
    private static final int SIZE = 140;
    private static final int CACHE = 5000;
    private static final String BROKEN = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";

    private final ObjectStore store;
    private final ImageDecoder decoder = new ImageDecoder();
    private final Map<String, String> cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > CACHE;
        }
    });

    ReportThumbnails(ObjectStore store) {
        this.store = store;
    }

    public String dataUri(ModelRecord.TestItem item) {
        return cache.computeIfAbsent(item.imageId(), id -> render(item));
    }

    private String render(ModelRecord.TestItem item) {
        try {
            BufferedImage picture = decoder.decodeAtLeast(store.get(item.object().bucket(), item.object().key()),
                    item.source(), SIZE);
            double scale = Math.min(1.0, (double) SIZE / Math.max(picture.getWidth(), picture.getHeight()));
            int width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
            BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = small.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(picture, 0, 0, width, height, null);
            graphics.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpeg", out);
            return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return BROKEN;
        }
    }
}
