package io.sightline.cli.client;

import io.sightline.concurrent.Futures;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Sha256;
import io.sightline.image.LabelledFile;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * What a folder run will upload, decided before anything is sent: the files are hashed, byte-identical
 * files are one picture (uploaded once, from the first path in name order; the others are its copies),
 * and a picture found under more than one label is a conflict: none of its files is uploaded, so the
 * dataset never depends on which upload came last.
 */
record FolderPlan(List<Picture> pictures, List<Conflict> conflicts, List<Unreadable> unreadable) {

    /** One distinct picture under one label: {@code files} in name order, the first is uploaded. */
    record Picture(String imageId, List<LabelledFile> files) {
        LabelledFile upload() {
            return files.get(0);
        }

        List<LabelledFile> copies() {
            return files.subList(1, files.size());
        }
    }

    /** One picture under more than one label: every file of it, in name order. */
    record Conflict(String imageId, List<LabelledFile> files) {
    }

    /** A file that could not be read to be hashed. */
    record Unreadable(LabelledFile file, String reason) {
    }

    /** Hashes {@code files} on {@code pool} and groups them by picture. */
    static FolderPlan of(List<LabelledFile> files, ExecutorService pool) {
        List<Future<String>> hashes = new ArrayList<>();
        for (LabelledFile file : files) {
            hashes.add(pool.submit(() -> ImageIds.PREFIX + Sha256.hex(file.path())));
        }
        Map<String, List<LabelledFile>> byPicture = new LinkedHashMap<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                byPicture.computeIfAbsent(Futures.get(hashes.get(i)), id -> new ArrayList<>()).add(files.get(i));
            } catch (UncheckedIOException e) {
                unreadable.add(new Unreadable(files.get(i), "cannot read: " + e.getCause().getMessage()));
            }
        }
        List<Picture> pictures = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        byPicture.forEach((imageId, group) -> {
            group.sort(Comparator.comparing(LabelledFile::relativePath));
            if (group.stream().map(LabelledFile::label).distinct().count() > 1) {
                conflicts.add(new Conflict(imageId, List.copyOf(group)));
            } else {
                pictures.add(new Picture(imageId, List.copyOf(group)));
            }
        });
        return new FolderPlan(pictures, conflicts, unreadable);
    }
}
