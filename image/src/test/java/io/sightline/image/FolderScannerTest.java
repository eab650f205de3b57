package io.sightline.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderScannerTest {
    @TempDir
    Path temp;

    @Test
    void labelsComeFromFirstLevelFoldersAndEverythingElseIsSkippedWithAReason() throws IOException {
        Path root = Files.createDirectory(temp.resolve("pets"));
        write(root, "cat/b.png", "png-rgb8.png");
        write(root, "cat/a.jpg", "jpeg-baseline.jpg");
        write(root, "cat/2023/summer/c.webp", "webp-lossy.webp");
        write(root, "哆啦A梦/robot.gif", "gif-two-frames.gif");
        write(root, "dog/no-extension", "bmp-24bit.bmp");
        write(root, "dog/notes.jpg", "text-named.jpg");
        write(root, "dog/index.html", "page.html");
        write(root, "dog/.DS_Store", ".DS_Store");
        write(root, "dog/._a.jpg", "jpeg-baseline.jpg");
        write(root, "dog/broken.jpg", "jpeg-truncated.jpg");
        write(root, ".git/objects/x.jpg", "jpeg-baseline.jpg");
        write(root, "loose.jpg", "jpeg-baseline.jpg");
        Files.createFile(root.resolve("dog/empty.png"));
        Path outside = Files.createDirectory(temp.resolve("elsewhere"));
        write(outside, "secret.jpg", "jpeg-baseline.jpg");
        boolean links = tryLink(root.resolve("dog/outside.jpg"), outside.resolve("secret.jpg"));
        if (links) {
            Files.createSymbolicLink(root.resolve("dog/inside.jpg"), root.resolve("cat/a.jpg"));
            Files.createSymbolicLink(root.resolve("dog/all-cats"), root.resolve("cat"));
        }

        FolderScan scan = new FolderScanner().scan(root);

        List<String> files = scan.files().stream().map(f -> f.label() + " " + f.relativePath()).toList();
        List<String> expected = new java.util.ArrayList<>(List.of(
                "cat cat/2023/summer/c.webp", "cat cat/a.jpg", "cat cat/b.png",
                "dog dog/broken.jpg", "dog dog/no-extension", "哆啦A梦 哆啦A梦/robot.gif"));
        if (links) {
            expected.add(4, "dog dog/inside.jpg");
        }
        assertEquals(expected, files);
        assertEquals(root.toRealPath().resolve("cat/a.jpg"), scan.files().get(1).path());

        Map<String, String> skipped = new LinkedHashMap<>();
        scan.skipped().forEach(s -> skipped.put(s.relativePath(), s.reason()));
        Map<String, String> expectedSkips = new LinkedHashMap<>();
        expectedSkips.put(".git", "hidden folder");
        expectedSkips.put("dog/.DS_Store", "hidden file");
        expectedSkips.put("dog/._a.jpg", "hidden file");
        if (links) {
            expectedSkips.put("dog/all-cats", "symbolic link to a folder (not followed; its files are scanned where they are)");
        }
        expectedSkips.put("dog/empty.png", "empty file (0 bytes)");
        expectedSkips.put("dog/index.html", "not an image (HTML)");
        expectedSkips.put("dog/notes.jpg", "not an image (text)");
        if (links) {
            expectedSkips.put("dog/outside.jpg", "symbolic link to outside the folder (not followed)");
        }
        expectedSkips.put("loose.jpg", "not in a label folder (files directly under the folder have no label)");
        assertEquals(expectedSkips, skipped);
    }

    @Test
    void orderIsTheSameWhateverTheFileSystemSays() throws IOException {
        Path root = Files.createDirectory(temp.resolve("r"));
        for (String name : new String[] {"b/2.png", "a/10.png", "a/1.png", "c/x/0.png", "b/1.png"}) {
            write(root, name, "png-rgb8.png");
        }

        List<String> order = new FolderScanner().scan(root).files().stream().map(LabelledFile::relativePath).toList();

        assertEquals(List.of("a/1.png", "a/10.png", "b/1.png", "b/2.png", "c/x/0.png"), order);
    }

    @Test
    void decomposedUnicodeLabelsAreComposed() throws IOException {
        Path root = Files.createDirectory(temp.resolve("u"));
        String decomposed = "Cafe\u0301";
        Path dir;
        try {
            dir = Files.createDirectories(root.resolve(decomposed));
        } catch (java.nio.file.InvalidPathException e) {
            assumeTrue(false, "file system refuses the name");
            return;
        }
        Files.write(dir.resolve("a.png"), Fixtures.bytes("png-rgb8.png"));

        assertEquals("Caf\u00e9", new FolderScanner().scan(root).files().get(0).label());
    }

    private static void write(Path root, String relative, String fixture) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, Fixtures.bytes(fixture));
    }

    private static boolean tryLink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
