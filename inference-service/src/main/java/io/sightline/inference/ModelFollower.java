package io.sightline.inference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.sightline.concurrent.Threads;
import io.sightline.contract.Json;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.Topics;
import io.sightline.inference.model.ModelLoader;
import io.sightline.inference.model.ModelSlot;
import io.sightline.inference.model.ModelUpdater;
import io.sightline.runtime.TopicReaders;
import io.sightline.kafka.TopicReader;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code sightline.models} from the beginning (no consumer group: every replica sees every
 * version) and loads the last announced version of the configured model ({@link ModelUpdater}: a roll-back
 * is an announcement like any other) in the background, on one loader thread: first once the topic has
 * been read up to its end at start, then on every new announcement.
 */
@Context
public class ModelFollower {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFollower.class);
    private static final long RETRY_SECONDS = 5;

    private final ModelUpdater updater;
    private final ScheduledExecutorService loaderThread;
    private final CountDownLatch initialLoad = new CountDownLatch(1);
    private final TopicReader reader;

    ModelFollower(TopicReaders topicReaders, Topics topics, InferenceConfig config,
                  ModelLoader loader, ModelSlot slot, MeterRegistry registry) {
        this.updater = new ModelUpdater(config.modelName(), loader::load, slot);
        this.loaderThread = Executors.newSingleThreadScheduledExecutor(Threads.singleDaemonFactory("inference-model-loader"));
        this.reader = topicReaders.follow(topics.models(), this::onRecord);
        Gauge.builder("sightline.inference.model.refused", this, follower -> follower.refusedVersions().size())
                .description("Model versions refused for good (wrong checksum, broken model)").register(registry);
        loaderThread.execute(this::initialLoad);
    }

    private void onRecord(String key, byte[] value) {
        if (value == null) {
            return;
        }
        ModelPublished event = Json.read(value, ModelPublished.class);
        if (updater.onPublished(event)) {
            LOG.info("Model {} version {} was published", event.name(), event.version());
            if (reader.isCaughtUp()) {
                loaderThread.execute(this::reconcile);
            }
        }
    }

    private void initialLoad() {
        try {
            while (!reader.awaitCaughtUp(Duration.ofSeconds(30))) {
                if (Thread.currentThread().isInterrupted()) {
                    return; // closing before the models topic was read: nothing to load
                }
                LOG.warn("Still reading the model versions on the models topic");
            }
            reconcile();
        } finally {
            initialLoad.countDown();
        }
    }

    private void reconcile() {
        if (updater.reconcile() == ModelUpdater.Outcome.RETRY) {
            loaderThread.schedule(this::reconcile, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Waits until the versions present at start were read and the newest servable one loaded (or none exists). */
    public boolean awaitInitialLoad(Duration timeout) throws InterruptedException {
        return initialLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Versions refused for good (wrong checksum, broken model). */
    public java.util.Set<Integer> refusedVersions() {
        return updater.refusedVersions();
    }

    @PreDestroy
    void close() {
        reader.close();
        loaderThread.shutdownNow();
        try {
            loaderThread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
