package io.sightline.cli.bench;

import io.sightline.cli.allinone.AllInOne;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The soak's faults, on one thread so that they never overlap: every {@code restartEvery} the embedded
 * broker stops and starts again on its log dir and port (nothing tells the services), every
 * {@code swapEvery} the next model version is published and waited for until it serves.
 */
final class Disruptions implements AutoCloseable {
    static final Duration SWAP_TIMEOUT = Duration.ofMinutes(3);

    private final AllInOne allInOne;
    private final ModelPublisher publisher;
    private final BenchModel model;
    private final long startNanos;
    private final Progress progress;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread t = new Thread(runnable, "soak-disruptions");
        t.setDaemon(true);
        return t;
    });
    private final List<SoakEvent> events = new ArrayList<>();
    private int taken;
    private int nextVersion;
    private String failure;

    /** @param lastVersion the model version serving now; swaps publish the versions after it */
    Disruptions(AllInOne allInOne, ModelPublisher publisher, BenchModel model, int lastVersion, long startNanos,
                Progress progress) {
        this.allInOne = allInOne;
        this.publisher = publisher;
        this.model = model;
        this.nextVersion = lastVersion + 1;
        this.startNanos = startNanos;
        this.progress = progress;
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Schedules each fault at every multiple of its period, counted from the load's start, that falls before
     * {@code within} (one due at the very end would only disturb the drain); a zero period leaves it out.
     * Two due at the same moment run one after the other, in either order.
     */
    void start(Duration restartEvery, Duration swapEvery, Duration within) {
        schedule(restartEvery, within, this::restartBroker);
        schedule(swapEvery, within, this::swapModel);
    }

    private void schedule(Duration every, Duration within, Runnable task) {
        if (every.isZero()) {
            return;
        }
        for (long at = every.toNanos(); at < within.toNanos(); at += every.toNanos()) {
            thread.schedule(task, at - (System.nanoTime() - startNanos), TimeUnit.NANOSECONDS);
        }
    }

    private void restartBroker() {
        run("restart", () -> {
            allInOne.restartKafka();
            return "same log dir and port";
        });
    }

    private void swapModel() {
        int version = nextVersion++;
        run("swap", () -> {
            publisher.publish(model, version, SWAP_TIMEOUT);
            return "v" + version;
        });
    }

    private void run(String kind, Supplier<String> action) {
        long began = System.nanoTime();
        double at = Rate.round((began - startNanos) / 1e9, 1);
        SoakEvent event;
        try {
            String detail = action.get();
            event = new SoakEvent(kind, at, Rate.round((System.nanoTime() - began) / 1e9, 2), detail, true);
        } catch (RuntimeException e) {
            event = new SoakEvent(kind, at, Rate.round((System.nanoTime() - began) / 1e9, 2), e.getMessage(), false);
            synchronized (this) {
                failure = failure != null ? failure : kind + " at " + Math.round(at) + " s failed: " + e.getMessage();
            }
        }
        synchronized (this) {
            events.add(event);
        }
        progress.line(event.cell());
    }

    /** The events completed since the last call. */
    synchronized List<SoakEvent> takeCompleted() {
        List<SoakEvent> completed = List.copyOf(events.subList(taken, events.size()));
        taken = events.size();
        return completed;
    }

    synchronized List<SoakEvent> all() {
        return List.copyOf(events);
    }

    /** The first fault that could not be completed, or null. */
    synchronized String failure() {
        return failure;
    }

    /** Drops the faults not yet due and waits for one in progress to complete (the broker must be up after it). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(SWAP_TIMEOUT.plusMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a broker restart or model swap did not end within "
                        + SWAP_TIMEOUT.plusMinutes(1).toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
