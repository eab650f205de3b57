package io.sightline.inference.engine;

import io.sightline.concurrent.Threads;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImagePipeline;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.Preprocessing;
import io.sightline.image.Preprocessor;
import io.sightline.image.TensorBatch;
import io.sightline.inference.model.ModelSlot;
import io.sightline.inference.model.ServingModel;
import io.sightline.onnx.ClassifierModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies pictures from any source in shared batches. {@link #submit} hands the job to the decode
 * pool (fetch + decode + preprocess into a tensor), which queues it for the runner threads; a runner
 * takes what is queued, up to the serving model's batch size, and runs it. As many runners work at once
 * as the model's {@link io.sightline.inference.plan.RunPlan} allows; a run that goes alone uses the
 * model's wide session, overlapping runs a narrow one. Every job's future completes with one result;
 * errors are results with a stable code.
 *
 * <p>Why one class of this size: the decode pool, the queue, the runner threads and the in-flight count
 * share one invariant (every submitted job is answered exactly once, also when the model changes, a
 * run fails or the engine closes), which is easier to check when every path that answers a job is here.
 */
public final class ClassifyEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClassifyEngine.class);
    /** Name prefix of the threads that fetch, decode and preprocess (the bench counts their CPU by it). */
    public static final String DECODE_THREADS = "inference-decode";
    /** Name prefix of the threads that run the model. */
    public static final String RUN_THREADS = "inference-run-";
    private static final long IDLE_RUNNER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final ModelSlot slot;
    private final PictureFetcher fetcher;
    private final ImageDecoder decoder;
    private final ExecutorService decodePool;
    private final BlockingQueue<DecodedPicture> decoded;
    private final List<Thread> runners = new ArrayList<>();
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger busyRuns = new AtomicInteger();
    private volatile boolean running = true;

    /**
     * @param runnerThreads the most model runs any model may have going at once
     * @param decodeThreads threads that fetch, decode and preprocess
     * @param queueCapacity decoded pictures waiting for a runner, at most
     */
    public ClassifyEngine(ModelSlot slot, PictureFetcher fetcher, ImageDecoder decoder,
                          int runnerThreads, int decodeThreads, int queueCapacity) {
        this.slot = slot;
        this.fetcher = fetcher;
        this.decoder = decoder;
        this.decodePool = Executors.newFixedThreadPool(decodeThreads, Threads.daemonFactory(DECODE_THREADS));
        this.decoded = new ArrayBlockingQueue<>(queueCapacity);
        for (int i = 0; i < Math.max(1, runnerThreads); i++) {
            Thread runner = Threads.daemon(RUN_THREADS + (i + 1), new Runner(i));
            runners.add(runner);
            runner.start();
        }
    }

    public void addListener(EngineListener listener) {
        listeners.add(listener);
    }

    public void removeListener(EngineListener listener) {
        listeners.remove(listener);
    }

    /** Jobs submitted whose result is not out yet. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Classifies one picture; the future always completes normally. */
    public CompletableFuture<ClassifyResult> submit(ClassifyJob job) {
        CompletableFuture<ClassifyResult> result = new CompletableFuture<>();
        inFlight.incrementAndGet();
        if (!running) {
            finish(job, result, Results.error(job, ErrorCode.UNAVAILABLE, "the inference service is shutting down"));
            return result;
        }
        try {
            decodePool.execute(new DecodeTask(job, result));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            finish(job, result, Results.error(job, ErrorCode.UNAVAILABLE, "the inference service is shutting down"));
        }
        return result;
    }

    /** The result of a request refused before it became a job (bad shape); listeners see it like any other. */
    public ClassifyResult reject(String requestId, Source source, ErrorCode code, String message, long receivedNanos) {
        ClassifyResult result = ClassifyResult.error(requestId, code, message,
                Math.round((System.nanoTime() - receivedNanos) / 10_000.0) / 100.0);
        for (EngineListener listener : listeners) {
            try {
                listener.onResult(source, result);
            } catch (RuntimeException e) {
                LOG.warn("A result listener failed: {}", e.toString());
            }
        }
        return result;
    }

    private void decode(ClassifyJob job, CompletableFuture<ClassifyResult> result) {
        try {
            Optional<Preprocessing> preprocessing = slot.preprocessing();
            if (preprocessing.isEmpty()) {
                finish(job, result, noModel(job));
                return;
            }
            long started = System.nanoTime();
            byte[] bytes = fetcher.fetch(job.picture());
            long fetched = System.nanoTime();
            float[] pixels = pixels(job, bytes, preprocessing.get());
            long ready = System.nanoTime();
            decoded.put(new DecodedPicture(job, bytes, preprocessing.get(), pixels, result,
                    PictureTimes.prepared(fetched - started, ready - fetched, ready)));
        } catch (JobFailure e) {
            finish(job, result, Results.error(job, e.code(), e.getMessage()));
        } catch (ImageRejectedException e) {
            finish(job, result, Results.error(job, e.code(), e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(job, result, Results.error(job, ErrorCode.UNAVAILABLE, "the inference service is shutting down"));
        } catch (RuntimeException | Error e) {
            // Errors too (an OutOfMemoryError on a huge picture): every job must end with a result.
            LOG.warn("Request {}: unexpected failure while preparing {}: {}", job.requestId(), job.picture().describe(), e.toString());
            finish(job, result, Results.error(job, ErrorCode.INTERNAL, "cannot prepare the picture: " + e));
        }
    }

    private float[] pixels(ClassifyJob job, byte[] bytes, Preprocessing preprocessing) {
        return new ImagePipeline(decoder, new Preprocessor(preprocessing)).tensor(bytes, job.picture().describe());
    }

    /** One runner thread: takes what is decoded, up to the model's batch size, and runs it. */
    private final class Runner implements Runnable {
        private final int index;
        private TensorBatch tensor;

        Runner(int index) {
            this.index = index;
        }

        @Override
        public void run() {
            while (running || !decoded.isEmpty()) {
                if (index >= slot.parallelRuns()) {
                    // Not needed by this model's plan (e.g. one run at a time on CUDA); look again later.
                    LockSupport.parkNanos(IDLE_RUNNER_NANOS);
                    continue;
                }
                DecodedPicture first;
                try {
                    first = decoded.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (first != null) {
                    try {
                        runFrom(first);
                    } catch (RuntimeException | Error e) {
                        // runFrom answers its own batch; this is a failure around it (e.g. closing a model): the
                        // runner must live on, or the jobs behind it would never be answered.
                        LOG.error("A model runner failed outside a batch: {}", e.toString(), e);
                    }
                }
            }
            // Only the last runner out finds anything here (e.g. after an interrupt): nothing is left unanswered.
            List<DecodedPicture> left = new ArrayList<>();
            decoded.drainTo(left);
            left.forEach(picture -> finish(picture.job(), picture.result(),
                    Results.error(picture.job(), ErrorCode.UNAVAILABLE, "the inference service is shutting down")));
        }

        private void runFrom(DecodedPicture first) {
            List<DecodedPicture> batch = new ArrayList<>();
            batch.add(first);
            Optional<ServingModel> acquired = slot.acquire();
            if (acquired.isEmpty()) {
                decoded.drainTo(batch);
                batch.forEach(picture -> finish(picture.job(), picture.result(), noModel(picture.job())));
                return;
            }
            ServingModel model = acquired.get();
            decoded.drainTo(batch, model.plan().batchSize() - 1);
            // Alone: no other run is going and no other job is anywhere in the engine (queued, decoding or
            // waiting for a decoder), so this run may use every core; else more runs are coming beside it.
            boolean alone = busyRuns.getAndIncrement() == 0 && inFlight.get() == batch.size();
            try {
                runBatch(batch, model, alone);
            } catch (RuntimeException | Error e) {
                LOG.error("Model version {} failed on a batch of {}: {}", model.version(), batch.size(), e.toString(), e);
                batch.forEach(picture -> finish(picture.job(), picture.result(), Results.error(picture.job(),
                        ErrorCode.INTERNAL, "the model failed on this batch: " + e.getMessage())));
            } finally {
                busyRuns.decrementAndGet();
                model.release();
            }
        }

        private void runBatch(List<DecodedPicture> batch, ServingModel model, boolean alone) {
            long started = System.nanoTime();
            Preprocessing preprocessing = model.model().preprocessing();
            reprepareChanged(batch, preprocessing);
            if (batch.isEmpty()) {
                return;
            }
            int n = batch.size();
            TensorBatch input = tensorFor(preprocessing, Math.max(n, model.plan().batchSize()));
            int values = preprocessing.valuesPerImage();
            List<PictureTimes> times = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                DecodedPicture picture = batch.get(i);
                input.buffer().put(i * values, picture.pixels());
                times.add(picture.times().waited(started));
            }
            long modelStarted = System.nanoTime();
            ClassifierModel.Outputs outputs = model.sessionFor(alone, index).classify(input.buffer(), n);
            long modelNanos = System.nanoTime() - modelStarted;
            List<String> labels = model.info().labels();
            List<String> requestIds = new ArrayList<>(n);
            List<Source> sources = new ArrayList<>(n);
            for (DecodedPicture picture : batch) {
                requestIds.add(picture.job().requestId());
                sources.add(picture.job().source());
            }
            // Listeners hear of the batch before its results are out, so a caller that saw a result sees its batch.
            BatchReport report = new BatchReport(model.version(), model.info().provider(), requestIds, sources, times,
                    modelNanos, alone);
            for (EngineListener listener : listeners) {
                try {
                    listener.onBatch(report);
                } catch (RuntimeException e) {
                    LOG.warn("A batch listener failed: {}", e.toString());
                }
            }
            for (int i = 0; i < n; i++) {
                DecodedPicture picture = batch.get(i);
                float score = outputs.unknownScores() == null ? Float.NaN : outputs.unknownScores()[i];
                ClassifyResult result = Results.ok(picture.job(), model.version(), labels, outputs.probabilities()[i],
                        score, model.model().unknown());
                for (EngineListener listener : listeners) {
                    try {
                        listener.onClassified(picture.job(), picture.bytes(), result);
                    } catch (RuntimeException e) {
                        LOG.warn("A result listener failed: {}", e.toString());
                    }
                }
                finish(picture.job(), picture.result(), result);
            }
        }

        private TensorBatch tensorFor(Preprocessing preprocessing, int capacity) {
            if (tensor == null || !tensor.preprocessing().equals(preprocessing) || tensor.capacity() < capacity) {
                tensor = new TensorBatch(preprocessing, capacity);
            }
            return tensor;
        }
    }

    /** Pictures prepared for a previous model whose preprocessing differs are prepared again (rare: only across a swap). */
    private void reprepareChanged(List<DecodedPicture> batch, Preprocessing preprocessing) {
        for (var it = batch.listIterator(); it.hasNext(); ) {
            DecodedPicture picture = it.next();
            if (picture.preprocessing().equals(preprocessing)) {
                continue;
            }
            try {
                it.set(new DecodedPicture(picture.job(), picture.bytes(), preprocessing,
                        pixels(picture.job(), picture.bytes(), preprocessing), picture.result(), picture.times()));
            } catch (ImageRejectedException e) {
                finish(picture.job(), picture.result(), Results.error(picture.job(), e.code(), e.getMessage()));
                it.remove();
            }
        }
    }

    private static ClassifyResult noModel(ClassifyJob job) {
        return Results.error(job, ErrorCode.NO_MODEL, "no model is loaded yet; train one (POST /api/train) and wait for it to be published");
    }

    private void finish(ClassifyJob job, CompletableFuture<ClassifyResult> future, ClassifyResult result) {
        boolean first;
        synchronized (future) {
            // Counted down before the caller can see the result, so inFlight() never lags behind it.
            first = !future.isDone();
            if (first) {
                inFlight.decrementAndGet();
            }
        }
        if (first && future.complete(result)) {
            for (EngineListener listener : listeners) {
                try {
                    listener.onResult(job.source(), result);
                } catch (RuntimeException e) {
                    LOG.warn("A result listener failed: {}", e.toString());
                }
            }
        }
    }

    /** A job waiting for a decoder; answered as shutting down if the pool stops before it starts. */
    private final class DecodeTask implements Runnable {
        private final ClassifyJob job;
        private final CompletableFuture<ClassifyResult> result;

        DecodeTask(ClassifyJob job, CompletableFuture<ClassifyResult> result) {
            this.job = job;
            this.result = result;
        }

        @Override
        public void run() {
            decode(job, result);
        }

        void neverStarted() {
            finish(job, result, Results.error(job, ErrorCode.UNAVAILABLE, "the inference service is shutting down"));
        }
    }

    /** Finishes what was submitted, then stops the threads. */
    @Override
    public void close() {
        decodePool.shutdown();
        try {
            if (!decodePool.awaitTermination(30, TimeUnit.SECONDS)) {
                stopDecoders();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopDecoders();
        }
        running = false;
        try {
            for (Thread runner : runners) {
                runner.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopDecoders() {
        for (Runnable waiting : decodePool.shutdownNow()) {
            ((DecodeTask) waiting).neverStarted();
        }
    }
}
