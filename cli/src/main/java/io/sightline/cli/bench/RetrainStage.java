package io.sightline.cli.bench;

import io.sightline.cli.client.Waits;

import io.sightline.cli.client.SightlineClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Step 4b: on the all-in-one process, ingest {@code images} small generated pictures over HTTP, wait
 * until all are embedded, train (POST /api/train) until the new version is served; then upload one
 * more picture and measure from that upload until the version trained with it is served. Each POST
 * /api/train is sent once the trainer's dataset holds the pictures, so the version measured includes them.
 */
final class RetrainStage {
    static final List<String> LABELS = List.of("red", "green", "blue", "yellow");
    static final int SIDE = 128;

    private final int images;
    private final Duration timeout;

    RetrainStage(int images, Duration timeout) {
        this.images = images;
        this.timeout = timeout;
    }

    BenchResult.Retrain run(BenchServer server, Progress progress) {
        SightlineClient client = server.client();
        progress.line("retrain: ingesting " + images + " pictures over HTTP");
        long ingestStarted = System.nanoTime();
        upload(client, 0, images);
        awaitDataset(client, images, true);
        double embedSeconds = (System.nanoTime() - ingestStarted) / 1e9;
        progress.line(String.format("retrain: %d pictures embedded in %.1f s; first training", images, embedSeconds));

        int before = client.servedVersion().orElse(0);
        long trainStarted = System.nanoTime();
        train(client);
        int first = ModelPublisher.awaitServed(client, before + 1, timeout);
        double firstSeconds = (System.nanoTime() - trainStarted) / 1e9;
        progress.line(String.format("retrain: version %d served %.1f s after POST /api/train; one more picture", first,
                firstSeconds));

        long started = System.nanoTime();
        upload(client, images, images + 1);
        awaitDataset(client, images + 1, false);
        train(client);
        int second = ModelPublisher.awaitServed(client, first + 1, timeout);
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.line(String.format("retrain: version %d served %.1f s after the upload", second, seconds));
        return new BenchResult.Retrain(Rate.round(seconds, 2), images, Rate.round(firstSeconds, 2),
                Rate.round(embedSeconds, 2), first, second);
    }

    private void upload(SightlineClient client, int from, int to) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, Math.max(1, to - from)));
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int index = i;
                uploads.add(pool.submit(() -> {
                    int label = index % LABELS.size();
                    byte[] jpeg = SamplePictures.labelledJpeg(SIDE, SIDE, label, 10_000L + index);
                    client.upload(jpeg, "bench-" + index + ".jpg", LABELS.get(label))
                            .orThrow("upload of picture " + index + " failed");
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while uploading", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until GET /api/train shows {@code pictures} in the dataset (and, when asked, all embedded). */
    private void awaitDataset(SightlineClient client, int pictures, boolean embedded) {
        Waits.until(pictures + " pictures in the trainer's dataset" + (embedded ? ", embedded" : ""), timeout,
                Duration.ofMillis(embedded ? 200 : 20), () -> {
                    SightlineClient.DatasetProgress dataset = client.datasetProgress();
                    if (dataset.pictures() < pictures) {
                        return Optional.empty();
                    }
                    if (dataset.failed() > 0) {
                        throw new IllegalStateException(dataset.failed() + " pictures could not be embedded");
                    }
                    return !embedded || dataset.embedded() >= pictures ? Optional.of(true) : Optional.empty();
                });
    }

    private static void train(SightlineClient client) {
        client.train().orThrow("POST /api/train failed");
    }
}
