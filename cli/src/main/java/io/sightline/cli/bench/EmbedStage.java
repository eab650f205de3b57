package io.sightline.cli.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.concurrent.Threads;
import io.sightline.contract.ImageIds;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.Preprocessing;
import io.sightline.image.TensorBatch;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.SessionConfig;
import io.sightline.onnx.quant.CalibrationMethod;
import io.sightline.onnx.quant.Int8Calibration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ObjIntConsumer;
import java.util.stream.LongStream;

/**
 * Step 1c (issue 18 point 5, "embedding the quickstart folder with int8"): a folder's pictures embedded with the
 * fp32 backbone and with its int8 form, the way the trainer embeds (batches of {@link #BATCH}, the next decoded on
 * {@link #DECODE_THREADS} threads while the backbone's session runs the current one), each pass on the wall clock
 * after the pictures were decoded once untimed (the JIT's warm-up); sessions are opened outside the timing. The int8
 * form is made first as the trainer makes it (up to {@link #CALIBRATION_PICTURES} of the pictures, the first by
 * content hash, observed one by one, min/max ranges) and timed apart. With calibration, int8 pays only where the
 * calibration costs less than what int8 saves on the folder; with ranges kept from an earlier calibration (a
 * retraining) or an int8 backbone it does not calibrate.
 */
final class EmbedStage {
    static final int BATCH = 8;
    static final int CALIBRATION_PICTURES = 64;
    static final int GENERATED_PICTURES = 64;
    /** The trainer's default {@code decode-threads}. */
    static final int DECODE_THREADS = 2;

    private final SessionConfig session;

    EmbedStage(SessionConfig session) {
        this.session = session.withProvider(ExecutionProvider.CPU);
    }

    /** {@link #GENERATED_PICTURES} photo-like 640x480 JPEGs, embedded when no folder is given. */
    static List<SamplePictures.Sample> generatedSet() {
        return LongStream.range(0, GENERATED_PICTURES)
                .mapToObj(i -> SamplePictures.jpeg(640, 480, 9000 + i)).toList();
    }

    BenchResult.Embedding run(BenchModel fp32, List<SamplePictures.Sample> pictures, String source, Progress progress) {
        if (pictures.isEmpty()) {
            throw new IllegalArgumentException("no picture to embed in " + source);
        }
        ExecutorService decodePool = Executors.newFixedThreadPool(DECODE_THREADS, Threads.daemonFactory("bench-embed-decode"));
        try {
            Batches batches = new Batches(new ImagePipeline(ImageLimits.defaults(), fp32.backbone().preprocessing()),
                    fp32.backbone().preprocessing(), decodePool);
            List<SamplePictures.Sample> observed = calibrationSet(pictures);
            progress.line("embed: decoding the " + pictures.size() + " pictures once (the JIT's warm-up, not timed)");
            batches.forEach(pictures, (batch, n) -> { });
            progress.line("embed: " + pictures.size() + " pictures with the fp32 backbone");
            double fp32Seconds;
            try (OnnxModel backbone = OnnxSessions.open(fp32.backbone().onnxFile(), session)) {
                fp32Seconds = embed(backbone, batches, pictures);
            }
            progress.line("embed: calibrating the int8 backbone on up to " + CALIBRATION_PICTURES + " of them");
            long calibrationStarted = System.nanoTime();
            byte[] int8Backbone = OnnxGraphs.toBytes(calibrate(fp32, batches, observed));
            double calibrationSeconds = (System.nanoTime() - calibrationStarted) / 1e9;
            progress.line("embed: " + pictures.size() + " pictures with the int8 backbone");
            double int8Seconds;
            try (OnnxModel backbone = OnnxSessions.open(int8Backbone, session)) {
                int8Seconds = embed(backbone, batches, pictures);
            }
            return new BenchResult.Embedding(pictures.size(), source, Rate.round(fp32Seconds, 3),
                    Rate.round(int8Seconds, 3), Rate.round(calibrationSeconds, 3), observed.size(),
                    Rate.round(Rate.ratio(fp32Seconds, int8Seconds + calibrationSeconds), 3),
                    Rate.round(Rate.ratio(fp32Seconds, int8Seconds), 3));
        } finally {
            decodePool.shutdownNow();
        }
    }

    /** Up to {@link #CALIBRATION_PICTURES} pictures, the first by content hash (the trainer's by imageId). */
    static List<SamplePictures.Sample> calibrationSet(List<SamplePictures.Sample> pictures) {
        Map<String, SamplePictures.Sample> byHash = new TreeMap<>();
        pictures.forEach(picture -> byHash.putIfAbsent(ImageIds.of(picture.bytes()), picture)); // hashed once each
        return byHash.values().stream().limit(CALIBRATION_PICTURES).toList();
    }

    /** Seconds to decode and run every picture, after one warm-up batch of the session. */
    private static double embed(OnnxModel backbone, Batches batches, List<SamplePictures.Sample> pictures) {
        ObjIntConsumer<TensorBatch> run = (batch, n) -> backbone.run(batch.slice(n), batch.shape(n));
        batches.forEach(pictures.subList(0, Math.min(BATCH, pictures.size())), run);
        long started = System.nanoTime();
        batches.forEach(pictures, run);
        return (System.nanoTime() - started) / 1e9;
    }

    /** The trainer's calibration: the session prepared, each picture observed alone, min/max ranges. */
    private ModelProto calibrate(BenchModel fp32, Batches batches, List<SamplePictures.Sample> pictures) {
        try (Int8Calibration calibration = Int8Calibration.start(OnnxGraphs.parse(fp32.backbone().onnxFile()), session)) {
            int values = fp32.backbone().preprocessing().valuesPerImage();
            batches.forEach(pictures, (batch, n) -> {
                for (int i = 0; i < n; i++) {
                    calibration.observe(batch.slice(n).slice(i * values, values), 1);
                }
            });
            return calibration.quantize(CalibrationMethod.MINMAX);
        }
    }

    /**
     * Pictures in batches of {@link #BATCH}, as the trainer's {@code PictureBatches} hands them out: the next batch
     * decoded on the decode threads while the current one runs. Its two buffers are allocated once. One pass at a time.
     */
    private static final class Batches {
        private final ImagePipeline pipeline;
        private final ExecutorService decodePool;
        private final TensorBatch[] buffers;

        Batches(ImagePipeline pipeline, Preprocessing preprocessing, ExecutorService decodePool) {
            this.pipeline = pipeline;
            this.decodePool = decodePool;
            this.buffers = new TensorBatch[] {new TensorBatch(preprocessing, BATCH), new TensorBatch(preprocessing, BATCH)};
        }

        void forEach(List<SamplePictures.Sample> pictures, ObjIntConsumer<TensorBatch> run) {
            CompletableFuture<Void> next = decode(buffers[0], pictures, 0);
            for (int first = 0, b = 0; first < pictures.size(); first += BATCH, b++) {
                try {
                    next.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e; // a picture that does not decode
                }
                if (first + BATCH < pictures.size()) {
                    next = decode(buffers[(b + 1) % 2], pictures, first + BATCH);
                }
                run.accept(buffers[b % 2], Math.min(BATCH, pictures.size() - first));
            }
        }

        private CompletableFuture<Void> decode(TensorBatch batch, List<SamplePictures.Sample> pictures, int first) {
            int n = Math.min(BATCH, pictures.size() - first);
            CompletableFuture<?>[] decoded = new CompletableFuture<?>[n];
            for (int i = 0; i < n; i++) {
                SamplePictures.Sample picture = pictures.get(first + i);
                int slot = i;
                decoded[i] = CompletableFuture.runAsync(
                        () -> pipeline.decodeInto(picture.bytes(), picture.name(), batch, slot), decodePool);
            }
            return CompletableFuture.allOf(decoded);
        }
    }
}
