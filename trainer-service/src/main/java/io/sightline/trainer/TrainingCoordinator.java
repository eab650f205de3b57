package io.sightline.trainer;

import io.micronaut.context.annotation.Context;
import io.sightline.concurrent.Threads;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.TrainerState;
import io.sightline.contract.TrainingOutcome;
import io.sightline.onnx.Backbone;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when to train, one training at a time: when asked ({@code POST /api/train}), or on its own
 * when at least {@code minNewImages} changes arrived since the last candidate and the images topic
 * has been quiet for {@code debounce}. Only the leader trains: the replica holding partition 0 of the
 * embedding group (role {@code all}), or the head (role {@code head}); an {@code embed} replica never does. Training waits until every picture has its embedding (or could not be
 * embedded), for at most {@code embeddingWait}.
 */
@Context
public class TrainingCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingCoordinator.class);
    private static final Duration TICK = Duration.ofMillis(200);

    private final TrainerConfig config;
    private final Dataset dataset;
    private final FeatureCache cache;
    private final Backbone backbone;
    private final Followers followers;
    private final EmbeddingWorker worker;
    private final TrainingService training;
    private final ServingModel serving;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile long changesAtLastCandidate;
    private volatile long waitingSince;
    private volatile TrainingStatus status = TrainingStatus.idle(null, null, null);

    TrainingCoordinator(TrainerConfig config, Dataset dataset, FeatureCache cache, Backbone backbone,
                        Followers followers, EmbeddingWorker worker, TrainingService training,
                        ServingModel serving) {
        this.config = config;
        this.dataset = dataset;
        this.cache = cache;
        this.backbone = backbone;
        this.followers = followers;
        this.worker = worker;
        this.training = training;
        this.serving = serving;
        this.thread = Threads.daemon("training-coordinator", this::loop);
        this.thread.start();
    }

    /** Asks for a training as soon as the data is ready. */
    public void request() {
        requested.set(true);
    }

    public TrainingStatus status() {
        return status;
    }

    /** How many pictures the dataset holds and how many of them have an embedding for this backbone. */
    public DatasetProgress datasetProgress() {
        java.util.Set<String> imageIds = dataset.imageIds();
        long embedded = imageIds.stream().filter(imageId -> cache.contains(backbone.id(), imageId)).count();
        return new DatasetProgress(imageIds.size(), (int) embedded, cache.failureCount());
    }

    /** Dataset size, embedded pictures, and pictures that could not be embedded. */
    public record DatasetProgress(int pictures, int embedded, int failed) {
    }

    private void loop() {
        while (running.get() && !followers.awaitCaughtUp(Duration.ofSeconds(1))) {
            LOG.debug("Waiting for the dataset to load");
        }
        if (!config.embeds()) {
            // A head has no embedding listener to say so: its lease needs only its loaded state.
            worker.started();
        }
        LOG.info("State rebuilt from Kafka in {} ms: {} pictures, {} embeddings for {}, serving version {}",
                (System.nanoTime() - followers.startedNanos()) / 1_000_000, dataset.size(), cache.size(), backbone.id(),
                serving.current().map(m -> String.valueOf(m.version())).orElse("none"));
        // After a restart the serving model stands for the data read so far when it was trained on as many
        // pictures as the dataset holds; otherwise (pictures arrived while the trainer was down) it retrains.
        changesAtLastCandidate = serving.current()
                .filter(model -> model.trainedOn().images() + model.trainedOn().validation()
                        + model.trainedOn().test() == dataset.size())
                .map(model -> dataset.changeCount())
                .orElse(0L);
        while (running.get()) {
            try {
                tick();
                Thread.sleep(TICK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Training failed: {}", e.toString(), e);
                status = TrainingStatus.idle(status.lastVersion(), TrainingOutcome.FAILED, String.valueOf(e.getMessage()));
            }
        }
    }

    private void tick() {
        long changes = dataset.changeCount();
        boolean due = config.autoTrain()
                && changes - changesAtLastCandidate >= config.minNewImages()
                && dataset.nanosSinceLastChange() >= config.debounce().toNanos();
        if (!(requested.get() || due) || !worker.isLeader()) {
            return;
        }
        List<LabelledImage> snapshot = dataset.snapshot();
        List<LabelledImage> ready = new ArrayList<>(snapshot.size());
        int pending = pendingEmbeddings(snapshot, ready);
        if (pending > 0 && !waitedLongEnough()) {
            status = TrainingStatus.waiting(status.lastVersion(), pending);
            return;
        }
        waitingSince = 0;
        requested.set(false);
        changesAtLastCandidate = changes;
        String unfit = new TrainingJob(config).unfitReason(ready);
        if (unfit != null) {
            LOG.info("Not training: {}", unfit);
            status = TrainingStatus.idle(status.lastVersion(), TrainingOutcome.NOT_TRAINED, unfit);
            return;
        }
        status = TrainingStatus.training(status.lastVersion(), ready.size());
        if (config.closeSessionToTrain()) {
            worker.closeSession();
        }
        Optional<ModelRecord> trained = worker.whileLeader(() -> training.train(ready));
        status = trained.map(record -> TrainingStatus.idle(record.version(), record.status().outcome(), record.reason()))
                .orElseGet(() -> TrainingStatus.idle(status.lastVersion(), null, "another replica leads the training now"));
    }

    /** Fills {@code ready} with the pictures that have embeddings; returns how many are still being embedded. */
    private int pendingEmbeddings(List<LabelledImage> snapshot, List<LabelledImage> ready) {
        int pending = 0;
        for (LabelledImage image : snapshot) {
            if (cache.contains(backbone.id(), image.imageId())) {
                ready.add(image);
            } else if (cache.failure(backbone.id(), image.imageId()) == null) {
                pending++;
            }
        }
        return pending;
    }

    private boolean waitedLongEnough() {
        long now = System.nanoTime();
        if (waitingSince == 0) {
            waitingSince = now;
        }
        return now - waitingSince >= config.embeddingWait().toNanos();
    }

    @PreDestroy
    void close() throws InterruptedException {
        running.set(false);
        thread.interrupt();
        thread.join(10_000);
    }

    /** What the trainer is doing, for {@code GET /api/train}. */
    public record TrainingStatus(TrainerState state, Integer lastVersion, TrainingOutcome lastOutcome,
                                 String lastMessage, Integer pictures, Instant since) {
        static TrainingStatus idle(Integer lastVersion, TrainingOutcome outcome, String message) {
            return new TrainingStatus(TrainerState.IDLE, lastVersion, outcome, message, null, Instant.now());
        }

        static TrainingStatus waiting(Integer lastVersion, int missingEmbeddings) {
            return new TrainingStatus(TrainerState.WAITING_FOR_EMBEDDINGS, lastVersion, null, null, missingEmbeddings,
                    Instant.now());
        }

        static TrainingStatus training(Integer lastVersion, int pictures) {
            return new TrainingStatus(TrainerState.TRAINING, lastVersion, null, null, pictures, Instant.now());
        }
    }
}
