package io.sightline.inference;

import io.sightline.inference.engine.BatchReport;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.EngineListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * Holds the batch that carries one request inside the engine: its runner waits in {@link #onBatch} (after the
 * model, before the results go out) until {@link #close} releases it, so that a test can look at the service
 * while that request's poll is still uncommitted. It also notes every request that ran meanwhile.
 */
final class HeldBatch implements EngineListener, AutoCloseable {
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);

    private final ClassifyEngine engine;
    private final String requestId;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean holding = new AtomicBoolean();
    private final Set<String> ran = ConcurrentHashMap.newKeySet();

    private HeldBatch(ClassifyEngine engine, String requestId) {
        this.engine = engine;
        this.requestId = requestId;
    }

    /** Starts holding {@code requestId}'s batch once the engine has nothing else in flight. */
    static HeldBatch hold(ClassifyEngine engine, String requestId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.inFlight() == 0);
        HeldBatch held = new HeldBatch(engine, requestId);
        engine.addListener(held);
        return held;
    }

    @Override
    public void onBatch(BatchReport batch) {
        ran.addAll(batch.requestIds());
        if (!batch.requestIds().contains(requestId)) {
            return;
        }
        holding.set(true);
        try {
            release.await(LONGEST_HOLD.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the held request's runner is waiting here. */
    void awaitHolding() {
        await().atMost(Duration.ofSeconds(30)).untilTrue(holding);
    }

    /** Whether a batch carrying {@code id} has run since the hold began. */
    boolean ran(String id) {
        return ran.contains(id);
    }

    /** Lets the held batch go on and stops listening. */
    @Override
    public void close() {
        release.countDown();
        engine.removeListener(this);
    }
}
