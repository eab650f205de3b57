package io.sightline.inference.plan;

import io.sightline.concurrent.Threads;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Times plans on a model's ONNX Runtime sessions with a synthetic batch (seeded noise in the normalised
 * range: the speed of a convolution does not depend on the pixels). The wide session is the caller's; narrow
 * sessions are opened as plans need them ({@code opener}: a session of that many threads, checked and warmed
 * up at the largest batch), shared between plans where they can be, and handed over with {@link #take} to
 * the model that keeps them; {@link #close} closes the rest. Every tensor and result is closed by
 * {@link ClassifierModel#classify} before it returns.
 */
public final class SessionTrial implements PlanTrial, AutoCloseable {
    private static final long SEED = 20261201L;

    private final ClassifierModel wide;
    private final int wideThreads;
    private final IntFunction<ClassifierModel> opener;
    private final int largestBatch;
    /** Narrow sessions opened and not handed over, by their threads. */
    private final Map<Integer, List<ClassifierModel>> narrow = new HashMap<>();
    private final List<FloatBuffer> inputs = new ArrayList<>();

    /**
     * @param wide         the model's session with every thread (not closed here)
     * @param wideThreads  its intra-op threads
     * @param opener       opens a narrow session with that many threads, ready to run {@code largestBatch}
     * @param largestBatch the largest batch size any plan runs
     */
    public SessionTrial(ClassifierModel wide, int wideThreads, IntFunction<ClassifierModel> opener, int largestBatch) {
        this.wide = wide;
        this.wideThreads = wideThreads;
        this.opener = opener;
        this.largestBatch = largestBatch;
    }

    /**
     * The narrow sessions {@code plan} runs its overlapping runs on: none when every run uses the wide session
     * (one run at a time, CUDA, or single-threaded runs when the wide session has one thread), one shared
     * single-threaded session, or one session per run.
     */
    static int narrowSessions(RunPlan plan, ExecutionProvider provider, int wideThreads) {
        if (plan.parallelRuns() == 1 || provider != ExecutionProvider.CPU
                || (plan.threadsPerRun() == 1 && wideThreads == 1)) {
            return 0;
        }
        return plan.threadsPerRun() == 1 ? 1 : plan.parallelRuns();
    }

    @Override
    public PlanFigure run(RunPlan plan, Duration time) {
        if (plan.batchSize() > largestBatch) {
            throw new IllegalArgumentException("batch " + plan.batchSize() + " is above the largest warmed up, " + largestBatch);
        }
        List<ClassifierModel> sessions = sessionsFor(plan);
        int runs = plan.parallelRuns();
        long started = System.nanoTime();
        long deadline = started + time.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(runs, Threads.daemonFactory("inference-plan"));
        try {
            List<Future<long[]>> runners = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ClassifierModel session = sessions.isEmpty() ? wide : sessions.get(i % sessions.size());
                FloatBuffer input = input(i);
                runners.add(pool.submit(() -> runUntil(session, input, plan.batchSize(), deadline)));
            }
            double rate = 0;
            long modelRuns = 0;
            for (Future<long[]> runner : runners) {
                long[] done = runner.get(); // {runs, nanos}
                modelRuns += done[0];
                rate += done[0] * (double) plan.batchSize() / (done[1] / 1e9);
            }
            return new PlanFigure(plan, rate, modelRuns * plan.batchSize(), modelRuns, (System.nanoTime() - started) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + plan.label(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("measuring " + plan.label() + " failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Full batches on {@code session} until {@code deadline}, at least one: {runs, nanoseconds}. */
    private static long[] runUntil(ClassifierModel session, FloatBuffer input, int batch, long deadline) {
        long started = System.nanoTime();
        long runs = 0;
        do {
            session.classify(input.duplicate(), batch);
            runs++;
        } while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted());
        return new long[] {runs, System.nanoTime() - started};
    }

    @Override
    public void retainOnly(Collection<RunPlan> needed) {
        for (var entry : narrow.entrySet()) {
            int kept = needed.stream().filter(plan -> plan.threadsPerRun() == entry.getKey())
                    .mapToInt(plan -> narrowSessions(plan, wide.provider(), wideThreads)).max().orElse(0);
            List<ClassifierModel> sessions = entry.getValue();
            while (sessions.size() > kept) {
                sessions.remove(sessions.size() - 1).close();
            }
        }
    }

    /** The narrow sessions {@code plan} needs (opened now where missing); the caller closes them from now on. */
    public List<ClassifierModel> take(RunPlan plan) {
        List<ClassifierModel> sessions = new ArrayList<>(sessionsFor(plan));
        narrow.getOrDefault(plan.threadsPerRun(), new ArrayList<>()).removeAll(sessions);
        return sessions;
    }

    private List<ClassifierModel> sessionsFor(RunPlan plan) {
        int count = narrowSessions(plan, wide.provider(), wideThreads);
        List<ClassifierModel> sessions = narrow.computeIfAbsent(plan.threadsPerRun(), threads -> new ArrayList<>());
        while (sessions.size() < count) {
            sessions.add(opener.apply(plan.threadsPerRun()));
        }
        return List.copyOf(sessions.subList(0, count));
    }

    private FloatBuffer input(int runner) {
        while (inputs.size() <= runner) {
            int values = largestBatch * wide.preprocessing().valuesPerImage();
            FloatBuffer buffer = ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            SplittableRandom random = new SplittableRandom(SEED + inputs.size());
            for (int i = 0; i < values; i++) {
                buffer.put(i, (float) random.nextDouble(-2, 2));
            }
            inputs.add(buffer);
        }
        return inputs.get(runner);
    }

    /** Closes the narrow sessions not taken. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (List<ClassifierModel> sessions : narrow.values()) {
            for (ClassifierModel session : sessions) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            sessions.clear();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
