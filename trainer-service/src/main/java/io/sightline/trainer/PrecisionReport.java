package io.sightline.trainer;

import io.sightline.onnx.Precision;
import java.util.Locale;

/**
 * What a version's model computes in and why (part of {@code metrics.json} and the report).
 *
 * @param requested           the configured precision
 * @param served              the precision of the stored {@code model.onnx}
 * @param reason              why {@code served} (the int8 gate's verdict, or why int8 could not be made)
 * @param fp32Accuracy        the fp32 model on the test pictures the int8 model was measured on; null for fp32 alone
 * @param int8Accuracy        the int8 model on the same pictures; null when none was measured
 * @param testPictures        how many test pictures both were measured on
 * @param calibrationPictures training pictures the int8 ranges came from
 * @param calibration         minmax or percentile
 * @param rangesFromVersion   the version whose training pictures calibrated the int8 ranges: this one, or an
 *                            earlier one whose int8 backbone was kept; null when none was calibrated (and in
 *                            records written before it was recorded)
 * @param seconds             wall time of the conversion: calibration and quantization where it calibrated, the
 *                            int8 model's build and its evaluation
 */
public record PrecisionReport(Precision requested, Precision served, String reason, Double fp32Accuracy,
                              Double int8Accuracy, int testPictures, int calibrationPictures, String calibration,
                              Integer rangesFromVersion, double seconds) {

    public PrecisionReport {
        if (requested == null || served == null || reason == null) {
            throw new IllegalArgumentException("requested, served and reason are required");
        }
        if (rangesFromVersion != null && rangesFromVersion < 1) {
            throw new IllegalArgumentException("rangesFromVersion is a model version (1 or more), was " + rangesFromVersion);
        }
    }

    /** fp32 requested, fp32 served. */
    public static PrecisionReport fp32() {
        return new PrecisionReport(Precision.FP32, Precision.FP32, "fp32 requested", null, null, 0, 0, null, null, 0);
    }

    /** The backbone computes in int8 itself (resnet50-int8): the model is int8 whatever was requested. */
    public static PrecisionReport int8Backbone(Precision requested, String backboneId) {
        return new PrecisionReport(requested, Precision.INT8, "the backbone " + backboneId + " is int8 itself",
                null, null, 0, 0, null, null, 0);
    }

    /** int8 requested, but it could not be made: fp32 is served. */
    public static PrecisionReport int8Failed(String why, double seconds) {
        return new PrecisionReport(Precision.INT8, Precision.FP32, "int8 could not be made, serving fp32: " + why,
                null, null, 0, 0, null, null, seconds);
    }

    /** One line for the report. */
    public String summary() {
        if (int8Accuracy == null) {
            return served.wire() + " (" + reason + ")";
        }
        return String.format(Locale.ROOT, "%s (%s; int8 accuracy %.3f, fp32 %.3f on %d test pictures; %s ranges from %d "
                + "training pictures%s; %.1f s)", served.wire(), reason, int8Accuracy, fp32Accuracy, testPictures,
                calibration, calibrationPictures, rangesFromVersion == null ? "" : " of version " + rangesFromVersion,
                seconds);
    }
}
