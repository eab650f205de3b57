package io.sightline.cli;

import io.sightline.testing.TestImages;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Folders laid out like the tutorial's, made of generated pictures a small model can separate. */
final class SampleFolders {
    private SampleFolders() {
    }

    /**
     * {@code perClass} pictures of each of three colour classes (alternating PNG and JPEG), plus a
     * {@code .DS_Store}, a {@code ._} file, a text file named like a picture and a truncated JPEG.
     */
    static Path tutorialLike(Path root, int perClass) {
        try {
            write(root.resolve(".DS_Store"), new byte[] {0, 0, 0, 1, 'B', 'u', 'd', '1'});
            int seed = 0;
            for (String label : new String[] {"doraemon", "walle", "哆啦A梦"}) {
                Path dir = Files.createDirectories(root.resolve(label));
                Color colour = switch (label) {
                    case "doraemon" -> new Color(30, 90, 220);
                    case "walle" -> new Color(210, 160, 40);
                    default -> new Color(40, 170, 60);
                };
                for (int i = 0; i < perClass; i++) {
                    seed++;
                    byte[] bytes = i % 2 == 0 ? TestImages.png(colour, 80 + i, 60, seed) : TestImages.jpeg(colour, 64, 90, seed);
                    write(dir.resolve(label + "-" + i + (i % 2 == 0 ? ".png" : ".jpg")), bytes);
                }
            }
            write(root.resolve("walle/._walle-0.png"), new byte[] {0, 5, 22, 7});
            write(root.resolve("walle/notes.jpg"), "not a picture".getBytes(StandardCharsets.UTF_8));
            write(root.resolve("doraemon/broken.jpg"), TestImages.truncatedJpeg());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path path, byte[] bytes) throws IOException {
        Files.write(path, bytes);
    }
}
