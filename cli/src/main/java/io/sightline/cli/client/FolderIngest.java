package io.sightline.cli.client;

import io.sightline.concurrent.Futures;
import io.sightline.cli.console.Progress;
import io.sightline.concurrent.Pause;
import io.sightline.image.FolderScan;
import io.sightline.image.FolderScanner;
import io.sightline.image.LabelledFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Uploads a folder laid out as {@code <folder>/<label>/<picture>} through the ingest API with bounded
 * parallelism. The files are hashed first ({@link FolderPlan}): each distinct picture is uploaded once,
 * its byte-identical copies count as duplicates, and a picture under two labels is a conflict (nothing
 * uploaded for it). Hidden files and non-images are skipped with a reason; pictures the service refuses
 * are skipped with its reason. The counts come from the service's answers, which are exact however many
 * clients upload at once, so running it twice adds nothing the second time.
 */
public final class FolderIngest {
    /**
     * Answers 503 (Kafka or S3 busy, the service starting) and 429 (the service admits no more uploads at
     * once) are retried this many times, backing off, before giving up.
     */
    private static final int ATTEMPTS = 6;

    private final SightlineClient client;
    private final int parallelism;

    public FolderIngest(SightlineClient client, int parallelism) {
        this.client = client;
        this.parallelism = Math.max(1, parallelism);
    }

    /** Ingests {@code folder}: scanned, hashed, then uploaded; the time reported is the whole of it. */
    public IngestSummary ingest(Path folder, PrintStream out) {
        long started = System.nanoTime();
        return withUploadPool(pool -> upload(prepare(folder, null, pool), pool, out, started));
    }

    /**
     * Ingests a folder {@link #prepare prepared} beforehand (the all-in-one hashes the folder while its services
     * start); the time reported is the upload's.
     */
    public IngestSummary ingest(Prepared prepared, PrintStream out) {
        long started = System.nanoTime();
        return withUploadPool(pool -> upload(prepared, pool, out, started));
    }

    private IngestSummary withUploadPool(Function<ExecutorService, IngestSummary> work) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            return work.apply(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A folder scanned and hashed, ready to be uploaded by {@link #ingest(Prepared, PrintStream)}. */
    public static final class Prepared {
        private final FolderScan scan;
        private final FolderPlan plan;

        private Prepared(FolderScan scan, FolderPlan plan) {
            this.scan = scan;
            this.plan = plan;
        }
    }

    /**
     * Scans {@code folder} (except the pictures of {@code leaveOut}; null: every label) and hashes its files on
     * {@code pool}: what an upload will send, decided before anything is sent ({@link FolderPlan}).
     */
    public static Prepared prepare(Path folder, String leaveOut, ExecutorService pool) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder; expected <folder>/<label>/<pictures>");
        }
        FolderScan all = new FolderScanner().scan(folder);
        FolderScan scan = leaveOut == null ? all : new FolderScan(
                all.files().stream().filter(file -> !file.label().equals(leaveOut)).toList(), all.skipped());
        return new Prepared(scan, FolderPlan.of(scan.files(), pool));
    }

    private IngestSummary upload(Prepared prepared, ExecutorService pool, PrintStream out, long started) {
        List<FolderOutcome> outcomes = upload(prepared.plan.pictures(), pool, out);
        return FolderOutcome.summarize(prepared.scan.skipped(), prepared.plan, outcomes, (System.nanoTime() - started) / 1e9);
    }

    private List<FolderOutcome> upload(List<FolderPlan.Picture> pictures, ExecutorService pool, PrintStream out) {
        Progress progress = Progress.of("Uploading", pictures.size(), out);
        List<Future<FolderOutcome>> futures = new ArrayList<>();
        for (FolderPlan.Picture picture : pictures) {
            futures.add(pool.submit(() -> {
                FolderOutcome outcome = uploadOne(picture);
                progress.step();
                return outcome;
            }));
        }
        List<FolderOutcome> outcomes = new ArrayList<>();
        for (Future<FolderOutcome> future : futures) {
            outcomes.add(Futures.get(future));
        }
        progress.finish();
        return outcomes;
    }

    private FolderOutcome uploadOne(FolderPlan.Picture picture) {
        LabelledFile file = picture.upload();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.path());
        } catch (IOException e) {
            return FolderOutcome.skipped(picture, "cannot read: " + e.getMessage());
        }
        SightlineClient.Reply reply = client.upload(bytes, file.relativePath(), file.label());
        for (int attempt = 1; retriable(reply) && attempt < ATTEMPTS; attempt++) {
            Pause.pause(Pause.backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), attempt - 1));
            reply = client.upload(bytes, file.relativePath(), file.label());
        }
        if (retriable(reply)) {
            throw new IllegalStateException("the ingest service is unavailable: " + reply.errorMessage());
        }
        if (!reply.ok()) {
            return FolderOutcome.skipped(picture, reply.errorMessage());
        }
        return FolderOutcome.answered(picture, reply.body().path("outcome").asText("added"),
                reply.body().path("imageId").asText());
    }

    private static boolean retriable(SightlineClient.Reply reply) {
        return reply.status() == 503 || reply.status() == 429;
    }
}
