package io.sightline.trainer;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.concurrent.Threads;
import io.sightline.contract.LabelledImage;
import io.sightline.image.ImagePipeline;
import io.sightline.metrics.Evaluation;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import io.sightline.onnx.quant.CalibrationMethod;
import io.sightline.onnx.quant.Int8Calibration;
import io.sightline.storage.ObjectStore;
import io.sightline.train.TrainedHead;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the int8 form of a candidate and decides whether it is served: the backbone is calibrated on up
 * to {@code calibrationPictures} training pictures (the first by imageId, i.e. a content-hash sample),
 * quantized, merged with the candidate's head, and the end-to-end int8 model is run on the test pictures.
 * It is served when its accuracy is at most {@code int8Tolerance} below the fp32 model's on the same
 * pictures (the head on the cached fp32 embeddings); otherwise, or when int8 cannot be made, fp32 is.
 * The quantized backbone is kept for the trainings after it ({@link QuantizedBackbone}): a retraining
 * that changed only the head reuses its ranges and pays for the merge and the gate alone.
 */
@Singleton
public class Int8Conversion {
    private static final Logger LOG = LoggerFactory.getLogger(Int8Conversion.class);

    private final Backbone backbone;
    private final ObjectStore store;
    private final ImagePipeline pipeline;
    private final SessionConfig session;
    private final TrainerConfig config;
    private final QuantizedBackbone quantized;

    Int8Conversion(Backbone backbone, ObjectStore store, ImagePipeline pipeline, SessionConfig session, TrainerConfig config) {
        this.backbone = backbone;
        this.store = store;
        this.pipeline = pipeline;
        this.session = session;
        this.config = config;
        this.quantized = new QuantizedBackbone(config.recalibrateGrowth());
    }

    /** The verdict, and the int8 files when they are to be served (else null). */
    public record Outcome(PrecisionReport report, ModelArtifacts.Files files) {
    }

    public Outcome convert(Candidate candidate, ModelArtifacts artifacts, String trainingJson, int version) {
        long started = System.nanoTime();
        ExecutorService decodePool = Executors.newFixedThreadPool(Math.max(1, config.decodeThreads()),
                Threads.daemonFactory("int8-decode"));
        try {
            PictureBatches batches = new PictureBatches(store, pipeline, decodePool, backbone.preprocessing(),
                    Math.max(1, config.embedBatch()));
            CalibrationMethod method = config.calibrationMethod();
            Optional<QuantizedBackbone.Calibrated> reusable = quantized.reusableFor(candidate.labels(),
                    candidate.train().size(), method);
            QuantizedBackbone.Calibrated ranges = reusable.isPresent() ? reusable.get()
                    : calibrate(candidate, artifacts, batches, method, version);
            if (ranges == null) {
                return failed("no training picture could be read for calibration", started);
            }
            long calibratedAt = System.nanoTime();
            ModelArtifacts.Files files = artifacts.build(ranges.graph(), Precision.INT8, candidate.calibrated(),
                    trainingJson);
            long built = System.nanoTime();
            Comparison comparison = compare(files.model(), candidate, batches);
            LOG.info("int8 conversion: {} {} s, model built {} s, gate on {} test pictures {} s",
                    reusable.isPresent() ? "ranges kept from version " + ranges.version() + "'s calibration"
                            : "calibrated", formatSeconds(started, calibratedAt), formatSeconds(calibratedAt, built),
                    comparison.pictures(), formatSeconds(built, System.nanoTime()));
            if (comparison.pictures() == 0) {
                return failed("no test picture could be read to measure the int8 model", started);
            }
            PrecisionReport report = verdict(comparison.int8(), comparison.fp32(), comparison.pictures(),
                    config.int8Tolerance(), ranges, seconds(started));
            if (report.served() != Precision.INT8) {
                quantized.drop(ranges); // the next training calibrates afresh
            }
            LOG.info("int8: {}", report.summary());
            return new Outcome(report, report.served() == Precision.INT8 ? files : null);
        } catch (RuntimeException e) {
            LOG.warn("int8 conversion failed; serving fp32", e);
            return failed(e.getMessage() == null ? e.toString() : e.getMessage(), started);
        } finally {
            decodePool.shutdownNow();
        }
    }

    /** Calibrates the backbone on the candidate's training pictures and keeps the result; null when none could be read. */
    private QuantizedBackbone.Calibrated calibrate(Candidate candidate, ModelArtifacts artifacts, PictureBatches batches,
                                                   CalibrationMethod method, int version) {
        long started = System.nanoTime();
        try (Int8Calibration calibration = Int8Calibration.start(artifacts.backboneGraph(), session)) {
            long opened = System.nanoTime();
            batches.forEach(calibrationSet(candidate.train()), batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.failures().get(i) == null) {
                        calibration.observe(batch.picture(i), 1);
                    }
                }
            });
            if (calibration.pictures() == 0) {
                return null;
            }
            long observed = System.nanoTime();
            ModelProto graph = calibration.quantize(method);
            LOG.info("int8 calibration: prepared (BatchNorm folded, session opened) {} s, {} pictures observed {} s, "
                    + "quantized {} s", formatSeconds(started, opened), calibration.pictures(),
                    formatSeconds(opened, observed), formatSeconds(observed, System.nanoTime()));
            QuantizedBackbone.Calibrated calibrated = new QuantizedBackbone.Calibrated(graph, version,
                    Set.copyOf(candidate.labels()), candidate.train().size(), calibration.pictures(), method);
            quantized.keep(calibrated);
            return calibrated;
        }
    }

    /** The int8 gate: int8 is served when its accuracy is at most {@code tolerance} below fp32's on the same pictures. */
    static PrecisionReport verdict(double int8, double fp32, int pictures, double tolerance,
                                   QuantizedBackbone.Calibrated ranges, double seconds) {
        boolean pass = int8 >= fp32 - tolerance - 1e-12;
        String reason = pass
                ? String.format(Locale.ROOT, "passed the int8 gate: within %.3f of fp32", tolerance)
                : String.format(Locale.ROOT, "int8 accuracy %.3f is more than %.3f below fp32's %.3f: serving fp32",
                        int8, tolerance, fp32);
        return new PrecisionReport(Precision.INT8, pass ? Precision.INT8 : Precision.FP32, reason, fp32, int8, pictures,
                ranges.calibrated(), ranges.method().wire(), ranges.version(), seconds);
    }

    /** Up to {@code calibrationPictures} training pictures, the first by imageId (content hash: an unbiased sample). */
    List<LabelledImage> calibrationSet(List<LabelledImage> train) {
        return train.stream().sorted(Comparator.comparing(LabelledImage::imageId))
                .limit(config.calibrationPictures()).toList();
    }

    /** Accuracy of the int8 model and of the fp32 one (the head on the cached features) on the same test pictures. */
    private record Comparison(double int8, double fp32, int pictures) {
    }

    private Comparison compare(byte[] int8Model, Candidate candidate, PictureBatches batches) {
        LabelledFeatures test = candidate.test();
        TrainedHead head = candidate.head();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < test.size(); i++) {
            index.put(test.images().get(i).imageId(), i);
        }
        List<double[]> int8 = new ArrayList<>();
        List<double[]> fp32 = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (ClassifierModel model = ClassifierModel.open(int8Model, session)) {
            batches.forEach(test.images(), batch -> {
                float[][] probabilities = model.probabilities(batch.pixels(), batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.failures().get(i) == null) {
                        int row = index.get(batch.images().get(i).imageId());
                        int8.add(toDoubles(probabilities[i]));
                        fp32.add(head.probabilities(test.features()[row]));
                        truth.add(test.classes()[row]);
                        ids.add(batch.images().get(i).imageId());
                    }
                }
            });
        }
        if (ids.isEmpty()) {
            return new Comparison(0, 0, 0);
        }
        int[] classes = truth.stream().mapToInt(Integer::intValue).toArray();
        Evaluation int8Evaluation = Evaluation.of(candidate.labels(), classes, int8.toArray(double[][]::new), ids);
        Evaluation fp32Evaluation = Evaluation.of(candidate.labels(), classes, fp32.toArray(double[][]::new), ids);
        return new Comparison(int8Evaluation.accuracy(), fp32Evaluation.accuracy(), ids.size());
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static Outcome failed(String why, long started) {
        return new Outcome(PrecisionReport.int8Failed(why, seconds(started)), null);
    }

    private static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }

    private static String formatSeconds(long from, long to) {
        return String.format(Locale.ROOT, "%.1f", (to - from) / 1e9);
    }
}
