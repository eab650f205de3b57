package io.sightline.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets, checked against what a run measured; a target whose stage did not run is left out. */
final class TargetChecks {
    static final double END_TO_END_RATIO = 0.90;
    static final double INT8_RATIO = 1.6;
    static final double END_TO_END_INT8_RATIO = 1.4;
    static final double EMBED_INT8_RATIO = 1.5;
    static final double LOW_LOAD_OVERHEAD_MS = 8;
    static final double AROUND_THE_MODEL_MS = 5;
    static final double DECODE_12MP_MS = 30;
    static final double TRAIN_SECONDS = 10;
    static final double RETRAIN_SECONDS = 15;
    static final double RSS_MB = 1536;
    static final String TWELVE_MP_JPEG = "JPEG 4000x3000";

    private TargetChecks() {
    }

    static List<BenchResult.TargetCheck> of(BenchResult r) {
        List<BenchResult.TargetCheck> checks = new ArrayList<>();
        if (r.endToEnd() != null && r.bareOrt() != null) {
            double ratio = r.endToEnd().ratioToBareOrt();
            checks.add(new BenchResult.TargetCheck("end-to-end images/s vs bare ONNX Runtime", "≥ 0.90 × bare",
                    fmt("%.3f × (%.2f vs %.2f images/s)", ratio, r.endToEnd().imagesPerSecond(), r.bareOrt().imagesPerSecond()),
                    ratio >= END_TO_END_RATIO));
        }
        if (r.bareOrtInt8() != null && r.bareOrt() != null) {
            double ratio = r.bareOrtInt8().imagesPerSecond() / r.bareOrt().imagesPerSecond();
            checks.add(new BenchResult.TargetCheck("bare int8 vs bare fp32", "≥ 1.6 × fp32",
                    fmt("%.2f × (%.2f vs %.2f images/s)", ratio, r.bareOrtInt8().imagesPerSecond(),
                            r.bareOrt().imagesPerSecond()), ratio >= INT8_RATIO));
        }
        int8EndToEnd(r, checks);
        int8Embedding(r, checks);
        aroundTheModel(r, checks);
        if (r.lowLoad() != null) {
            checks.add(new BenchResult.TargetCheck("low-load overhead (end-to-end p50 − model p50)", "≤ 8 ms",
                    fmt("%.1f ms (%.1f − %.1f)", r.lowLoad().overheadMs(), r.lowLoad().latencyMs().p50(),
                            r.lowLoad().modelMs().p50()),
                    r.lowLoad().overheadMs() <= LOW_LOAD_OVERHEAD_MS));
        }
        if (r.decode() != null) {
            r.decode().pictures().stream().filter(p -> p.name().startsWith(TWELVE_MP_JPEG)).findFirst().ifPresent(p ->
                    checks.add(new BenchResult.TargetCheck("decode + preprocess, 12 MP JPEG, one core", "≤ 30 ms",
                            fmt("%.1f ms", p.msPerPicture()), p.msPerPicture() <= DECODE_12MP_MS)));
        }
        if (r.train() != null) {
            checks.add(new BenchResult.TargetCheck("head training, " + r.train().images() + " embeddings", "≤ 10 s",
                    fmt("%.2f s", r.train().seconds()), r.train().seconds() <= TRAIN_SECONDS));
        }
        if (r.retrain() != null) {
            checks.add(new BenchResult.TargetCheck("retrain after one image (" + r.retrain().images() + "-image dataset)",
                    "≤ 15 s", fmt("%.1f s", r.retrain().seconds()), r.retrain().seconds() <= RETRAIN_SECONDS));
        }
        if (r.memory() != null) {
            checks.add(new BenchResult.TargetCheck("peak RSS of the process", "≤ 1.5 GB",
                    fmt("%.0f MiB", r.memory().rssMb()), r.memory().rssMb() <= RSS_MB));
        }
        return checks;
    }

    private static void aroundTheModel(BenchResult r, List<BenchResult.TargetCheck> checks) {
        if (r.endToEnd() != null && r.endToEnd().cpuPerPicture() != null) {
            double ms = r.endToEnd().cpuPerPicture().aroundTheModel();
            checks.add(new BenchResult.TargetCheck("CPU around the model in the service per 640x480 JPEG (decode, Kafka clients, S3 client, result)",
                    "≤ 5 ms", fmt("%.1f ms", ms), ms <= AROUND_THE_MODEL_MS));
        }
    }

    private static void int8EndToEnd(BenchResult r, List<BenchResult.TargetCheck> checks) {
        if (r.endToEndInt8() != null && r.endToEnd() != null) {
            double ratio = r.endToEndInt8().ratioToEndToEnd();
            checks.add(new BenchResult.TargetCheck("end-to-end int8 vs end-to-end fp32", "≥ 1.4 × fp32",
                    fmt("%.2f × (%.2f vs %.2f images/s)", ratio, r.endToEndInt8().imagesPerSecond(),
                            r.endToEnd().imagesPerSecond()), ratio >= END_TO_END_INT8_RATIO));
        }
    }

    private static void int8Embedding(BenchResult r, List<BenchResult.TargetCheck> checks) {
        if (r.embedding() != null) {
            BenchResult.Embedding e = r.embedding();
            checks.add(new BenchResult.TargetCheck("embedding " + e.pictures() + " pictures with int8 vs fp32, calibration "
                    + "included", "≥ 1.5 × faster", fmt("%.2f × (%.2f s vs %.2f + %.2f s)", e.ratioWithCalibration(),
                    e.fp32Seconds(), e.int8Seconds(), e.calibrationSeconds()), e.ratioWithCalibration() >= EMBED_INT8_RATIO));
            checks.add(new BenchResult.TargetCheck("embedding " + e.pictures() + " pictures with int8 vs fp32, ranges kept",
                    "≥ 1.5 × faster", fmt("%.2f × (%.2f s vs %.2f s)", e.ratioRangesKept(), e.fp32Seconds(),
                    e.int8Seconds()), e.ratioRangesKept() >= EMBED_INT8_RATIO));
        }
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
