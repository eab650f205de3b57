package io.sightline.cli.client;

import io.sightline.cli.console.Progress;
import io.sightline.image.FolderScan;
import io.sightline.image.FolderScanner;
import io.sightline.image.LabelledFile;
import io.sightline.image.SkippedFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Uploads a folder laid out as {@code <folder>/<label>/<picture>} through the ingest API with bounded
 * parallelism. Hidden files and non-images are skipped with a reason; pictures the service refuses
 * are skipped with its reason. Running it twice adds nothing the second time.
 */
public final class FolderIngest {
    private final SightlineClient client;
    private final int parallelism;

    public FolderIngest(SightlineClient client, int parallelism) {
        this.client = client;
        this.parallelism = Math.max(1, parallelism);
    }

    public IngestSummary ingest(Path folder, PrintStream out) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder; expected <folder>/<label>/<pictures>");
        }
        long started = System.nanoTime();
        FolderScan scan = new FolderScanner().scan(folder);
        List<Outcome> outcomes = upload(scan.files(), out);
        return summarize(scan.skipped(), outcomes, (System.nanoTime() - started) / 1e9);
    }

    private List<Outcome> upload(List<LabelledFile> files, PrintStream out) {
        Progress progress = Progress.of("Uploading", files.size(), out);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (LabelledFile file : files) {
                futures.add(pool.submit(() -> {
                    Outcome outcome = uploadOne(file);
                    progress.step();
                    return outcome;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            progress.finish();
            return outcomes;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome uploadOne(LabelledFile file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            return Outcome.skipped(file, "cannot read: " + e.getMessage());
        }
        SightlineClient.Reply reply = client.upload(bytes, file.relativePath(), file.label());
        if (reply.status() == 503) {
            throw new IllegalStateException("the ingest service is unavailable: " + reply.errorMessage());
        }
        if (!reply.ok()) {
            return Outcome.skipped(file, reply.errorMessage());
        }
        return new Outcome(file, reply.body().path("duplicate").asBoolean(), null, reply.body().path("imageId").asText());
    }

    private static IngestSummary summarize(List<SkippedFile> scanSkips, List<Outcome> outcomes, double seconds) {
        Map<String, int[]> counts = new TreeMap<>();
        List<IngestSummary.Skipped> skipped = new ArrayList<>();
        List<IngestSummary.Loaded> loaded = new ArrayList<>();
        for (SkippedFile skip : scanSkips) {
            skipped.add(new IngestSummary.Skipped(skip.relativePath(), skip.reason()));
            String label = labelOf(skip.relativePath());
            if (label != null) {
                counts.computeIfAbsent(label, l -> new int[3])[2]++;
            }
        }
        for (Outcome outcome : outcomes) {
            int[] count = counts.computeIfAbsent(outcome.file().label(), l -> new int[3]);
            if (outcome.skipReason() != null) {
                count[2]++;
                skipped.add(new IngestSummary.Skipped(outcome.file().relativePath(), outcome.skipReason()));
            } else {
                count[outcome.duplicate() ? 1 : 0]++;
                loaded.add(new IngestSummary.Loaded(outcome.file().relativePath(), outcome.file().label(),
                        outcome.imageId()));
            }
        }
        Map<String, IngestSummary.LabelCounts> byLabel = new TreeMap<>();
        counts.forEach((label, c) -> byLabel.put(label, new IngestSummary.LabelCounts(c[0], c[1], c[2])));
        skipped.sort(java.util.Comparator.comparing(IngestSummary.Skipped::path));
        return new IngestSummary(Collections.unmodifiableMap(byLabel), List.copyOf(skipped), List.copyOf(loaded),
                seconds);
    }

    /** The first path element when the file sits in a label folder. */
    private static String labelOf(String relativePath) {
        int slash = relativePath.indexOf('/');
        return slash > 0 && !relativePath.startsWith(".") ? relativePath.substring(0, slash) : null;
    }

    private record Outcome(LabelledFile file, boolean duplicate, String skipReason, String imageId) {
        static Outcome skipped(LabelledFile file, String reason) {
            return new Outcome(file, false, reason, null);
        }
    }
}
