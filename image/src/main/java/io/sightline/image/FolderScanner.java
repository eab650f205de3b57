package io.sightline.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds labelled pictures in a folder whose first-level sub-folder names are the labels
 * ({@code root/cat/a.jpg}, {@code root/cat/2023/b.png} and {@code root/哆啦A梦/c.webp}). Files directly
 * under the root, hidden files and folders ({@code .DS_Store}, {@code ._x}, dotfiles), non-images
 * (recognised from their first bytes, never their names) and symbolic links leading outside the root
 * are skipped with a reason. Nothing is decoded: damaged pictures are found by the ingest step.
 */
public final class FolderScanner {
    private static final Comparator<LabelledFile> FILE_ORDER =
            Comparator.comparing(LabelledFile::label).thenComparing(LabelledFile::relativePath);

    /**
     * @throws UncheckedIOException when the root itself cannot be read
     */
    public FolderScan scan(Path root) {
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the folder " + root, e);
        }
        Visitor visitor = new Visitor(realRoot);
        try {
            Files.walkFileTree(realRoot, visitor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan the folder " + root, e);
        }
        visitor.files.sort(FILE_ORDER);
        visitor.skipped.sort(Comparator.comparing(SkippedFile::relativePath));
        return new FolderScan(visitor.files, visitor.skipped);
    }

    private static final class Visitor extends SimpleFileVisitor<Path> {
        private final Path root;
        private final List<LabelledFile> files = new ArrayList<>();
        private final List<SkippedFile> skipped = new ArrayList<>();

        Visitor(Path root) {
            this.root = root;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (!dir.equals(root) && isHidden(dir)) {
                skip(dir, "hidden folder");
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (isHidden(file)) {
                skip(file, "hidden file");
            } else if (attributes.isSymbolicLink()) {
                visitLink(file);
            } else if (!attributes.isRegularFile()) {
                skip(file, "not a regular file");
            } else {
                visitRegularFile(file, file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            skip(file, "cannot be read (" + ImageProbe.reason(e) + ")");
            return FileVisitResult.CONTINUE;
        }

        private void visitLink(Path link) {
            Path target;
            try {
                target = link.toRealPath();
            } catch (IOException e) {
                skip(link, "broken symbolic link");
                return;
            }
            if (!target.startsWith(root)) {
                skip(link, "symbolic link to outside the folder (not followed)");
            } else if (Files.isDirectory(target)) {
                skip(link, "symbolic link to a folder (not followed; its files are scanned where they are)");
            } else {
                visitRegularFile(link, target);
            }
        }

        private void visitRegularFile(Path file, Path content) {
            Path relative = root.relativize(file);
            if (relative.getNameCount() < 2) {
                skip(file, "not in a label folder (files directly under the folder have no label)");
                return;
            }
            String problem = imageProblem(content);
            if (problem != null) {
                skip(file, problem);
                return;
            }
            files.add(new LabelledFile(file, nfc(relative.getName(0).toString()), relativeName(relative)));
        }

        /** Null for a picture, else why not: only the first bytes are read. */
        private static String imageProblem(Path file) {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(ContentKind.HEAD_BYTES);
            } catch (IOException e) {
                return "cannot be read (" + ImageProbe.reason(e) + ")";
            }
            if (head.length == 0) {
                return "empty file (0 bytes)";
            }
            return ImageFormat.sniff(head).isPresent() ? null : ContentKind.problem(head);
        }

        private void skip(Path path, String reason) {
            skipped.add(new SkippedFile(path, relativeName(root.relativize(path)), reason));
        }

        private static boolean isHidden(Path path) {
            Path name = path.getFileName();
            return name != null && name.toString().startsWith(".");
        }

        private static String relativeName(Path relative) {
            List<String> parts = new ArrayList<>();
            relative.forEach(part -> parts.add(nfc(part.toString())));
            return String.join("/", parts);
        }

        /** macOS file systems hand out decomposed (NFD) names; labels compare as composed (NFC). */
        private static String nfc(String name) {
            return Normalizer.normalize(name, Normalizer.Form.NFC);
        }
    }
}
