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
import java.util.HashSet;
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
 * The quantized backbone of a model that passed is kept for the trainings after it ({@link KeptCalibration}):
 * a retraining that changed only the head reuses its ranges and pays for the merge and the gate alone; should
 * the kept ranges fail the gate, the conversion calibrates afresh once.
 */
@Singleton
public class Int8Conversion {
    private static final Logger LOG = LoggerFactory.getLogger(Int8Conversion.class);

    private final Backbone backbone;
    private final ObjectStore store;
    private final ImagePipeline pipeline;
    private final SessionConfig session;
    private final TrainerConfig config;
    /** The int8 backbone of the last calibration that passed the gate, for the retrainings after it. */
    private final KeptCalibration keptCalibration;

    Int8Conversion(Backbone backbone, ObjectStore store, ImagePipeline pipeline, SessionConfig session, TrainerConfig config) {
        this.backbone = backbone;
        this.store = store;
        this.pipeline = pipeline;
        this.session = session;
        this.config = config;
        this.keptCalibration = new KeptCalibration(config.recalibrateGrowth());
    }

    /** The verdict, and the int8 files when they are to be served (else null). */
    public record Outcome(PrecisionReport report, ModelArtifacts.Files files) {
    }

    public Outcome convert(Candidate candidate, ModelArtifacts artifacts, String trainingJson, int version) {
        long started = System.nanoTime();
        ExecutorService decodePool = Executors.newFixedThreadPool(Math.max(1, config.decodeThreads()),
                Threads.daemonFactory("int8-decode"));
        KeptCalibration.Ranges ranges = null;
        try {
            Conversion conversion = new Conversion(candidate, artifacts, trainingJson, new PictureBatches(store,
                    pipeline, decodePool, backbone.preprocessing(), Math.max(1, config.embedBatch())), started);
            CalibrationMethod method = config.calibrationMethod();
            List<LabelledImage> calibrationSet = calibrationSet(candidate.train());
            Optional<KeptCalibration.Ranges> reusable = keptCalibration.reusableFor(candidate.labels(),
                    calibrationSet.stream().map(LabelledImage::imageId).toList(), candidate.train().size(), method);
            if (reusable.isPresent()) {
                ranges = reusable.get();
                Outcome outcome = gated(conversion, ranges, "ranges kept from version " + ranges.version() + "'s calibration");
                if (!failedTheGate(outcome)) {
                    return outcome;
                }
                LOG.info("int8: the ranges kept from version {} failed the gate; calibrating afresh", ranges.version());
            }
            Optional<KeptCalibration.Ranges> calibrated = calibrate(conversion, calibrationSet, method, version);
            if (calibrated.isEmpty()) {
                return failed("no training picture could be read for calibration", started);
            }
            ranges = calibrated.get();
            return gated(conversion, ranges, "calibrated");
        } catch (RuntimeException e) {
            if (ranges != null) {
                keptCalibration.settle(ranges, false); // a model that could not be made or measured keeps nothing
            }
            LOG.warn("int8 conversion failed; serving fp32", e);
            return failed(e.getMessage() == null ? e.toString() : e.getMessage(), started);
        } finally {
            decodePool.shutdownNow();
        }
    }

    /** What one conversion works with. */
    private record Conversion(Candidate candidate, ModelArtifacts artifacts, String trainingJson, PictureBatches batches,
                              long started) {
    }

    /** The candidate's head on the int8 backbone of {@code ranges}, measured against fp32; the ranges kept if it passed. */
    private Outcome gated(Conversion conversion, KeptCalibration.Ranges ranges, String rangesFrom) {
        long gatedFrom = System.nanoTime();
        ModelArtifacts.Files files = conversion.artifacts().build(ranges.graph(), Precision.INT8,
                conversion.candidate().calibrated(), conversion.trainingJson());
        long built = System.nanoTime();
        Comparison comparison = compare(files.model(), conversion.candidate(), conversion.batches());
        LOG.info("int8 conversion: {} {} s, model built {} s, gate on {} test pictures {} s", rangesFrom,
                formatSeconds(conversion.started(), gatedFrom), formatSeconds(gatedFrom, built), comparison.pictures(),
                formatSeconds(built, System.nanoTime()));
        if (comparison.pictures() == 0) {
            keptCalibration.settle(ranges, false);
            return failed("no test picture could be read to measure the int8 model", conversion.started());
        }
        PrecisionReport report = verdict(comparison.int8(), comparison.fp32(), comparison.pictures(),
                config.int8Tolerance(), ranges, seconds(conversion.started()));
        boolean passed = report.served() == Precision.INT8;
        keptCalibration.settle(ranges, passed);
        LOG.info("int8: {}", report.summary());
        return new Outcome(report, passed ? files : null);
    }

    /** Measured, and more than the tolerance below fp32 (not: could not be made or measured). */
    private static boolean failedTheGate(Outcome outcome) {
        return outcome.report().int8Accuracy() != null && outcome.report().served() != Precision.INT8;
    }

    /** Calibrates the backbone on {@code calibrationSet}; empty when none of its pictures could be read. */
    private Optional<KeptCalibration.Ranges> calibrate(Conversion conversion, List<LabelledImage> calibrationSet,
                                                       CalibrationMethod method, int version) {
        long started = System.nanoTime();
        Set<String> observed = new HashSet<>();
        try (Int8Calibration calibration = Int8Calibration.start(conversion.artifacts().backboneGraph(), session)) {
            long opened = System.nanoTime();
            conversion.batches().forEach(calibrationSet, batch -> {
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.failures().get(i) == null) {
                        calibration.observe(batch.picture(i), 1);
                        observed.add(batch.images().get(i).imageId());
                    }
                }
            });
            if (calibration.pictures() == 0) {
                return Optional.empty();
            }
            long observedAt = System.nanoTime();
            ModelProto graph = calibration.quantize(method);
            LOG.info("int8 calibration: prepared (BatchNorm folded, session opened) {} s, {} pictures observed {} s, "
                    + "quantized {} s", formatSeconds(started, opened), calibration.pictures(),
                    formatSeconds(opened, observedAt), formatSeconds(observedAt, System.nanoTime()));
            Candidate candidate = conversion.candidate();
            return Optional.of(new KeptCalibration.Ranges(graph, version, Set.copyOf(candidate.labels()), observed,
                    candidate.train().size(), method));
        }
    }

    /** The int8 gate: int8 is served when its accuracy is at most {@code tolerance} below fp32's on the same pictures. */
    static PrecisionReport verdict(double int8, double fp32, int pictures, double tolerance,
                                   KeptCalibration.Ranges ranges, double seconds) {
        boolean pass = int8 >= fp32 - tolerance - 1e-12;
        String reason = pass
                ? String.format(Locale.ROOT, "passed the int8 gate: within %.3f of fp32", tolerance)
                : String.format(Locale.ROOT, "int8 accuracy %.3f is more than %.3f below fp32's %.3f: serving fp32",
                        int8, tolerance, fp32);
        return new PrecisionReport(Precision.INT8, pass ? Precision.INT8 : Precision.FP32, reason, fp32, int8, pictures,
                ranges.pictures().size(), ranges.method().wire(), ranges.version(), seconds);
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
