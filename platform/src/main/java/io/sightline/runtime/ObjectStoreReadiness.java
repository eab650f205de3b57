package io.sightline.runtime;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import io.sightline.concurrent.Threads;
import io.sightline.storage.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;

/**
 * {@code /health/readiness} is DOWN while the object store does not answer or lacks the bucket: pictures
 * cannot be stored or read, models not loaded. One probe at a time (a hanging store is not asked again
 * while it hangs), each answer kept for a few seconds so that frequent probes do not load the store, and
 * a probe that takes longer than {@code ANSWER_WAIT} counts as no answer.
 */
@Singleton
@Readiness
@Requires(classes = HealthIndicator.class)
public class ObjectStoreReadiness implements HealthIndicator, AutoCloseable {
    static final String NAME = "objectStore";
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(3);
    private static final Duration KEEP_ANSWER = Duration.ofSeconds(5);

    private final ObjectStore store;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(Threads.singleDaemonFactory("s3-readiness"));
    private CompletableFuture<Boolean> probe;
    private long probedAt;

    @Inject
    ObjectStoreReadiness(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(check());
    }

    /** The state of the store now (at most {@code KEEP_ANSWER} old). */
    public synchronized HealthResult check() {
        boolean stale = System.nanoTime() - probedAt > KEEP_ANSWER.toNanos();
        if (probe == null || (probe.isDone() && stale)) {
            probe = CompletableFuture.supplyAsync(store::bucketExists, prober);
            probedAt = System.nanoTime();
        }
        try {
            boolean bucket = probe.get(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return result(bucket, bucket ? "bucket " + store.bucket() + " reachable" : "bucket " + store.bucket()
                    + " does not exist");
        } catch (TimeoutException e) {
            return result(false, "no answer from " + store.endpoint() + " within " + ANSWER_WAIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return result(false, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(false, "interrupted");
        }
    }

    private HealthResult result(boolean up, String detail) {
        return HealthResult.builder(NAME, up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(Map.of("endpoint", store.endpoint(), "bucket", store.bucket(), "state", detail)).build();
    }

    @PreDestroy
    @Override
    public void close() {
        prober.shutdownNow();
    }
}
