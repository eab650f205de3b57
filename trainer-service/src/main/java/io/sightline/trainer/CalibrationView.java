package io.sightline.trainer;

import io.micronaut.core.annotation.Nullable;
import io.sightline.metrics.Reliability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's calibration section: the temperature, the expected calibration error on the test set before and
 * after it, the unknown threshold, and a reliability diagram (accuracy per confidence bin; a calibrated model's
 * bars reach the diagonal). The diagram's frame is drawn by {@code views/report.html}: a plot area of
 * {@value #SIZE} × {@value #SIZE} at ({@value #LEFT}, {@value #TOP}).
 *
 * @param bars one per non-empty bin
 */
public record CalibrationView(String temperature, String heldOut, int heldOutPictures, String eceBefore,
                              String eceAfter, String method, String threshold, String falseUnknownRate,
                              String testUnknownShare, List<Bar> bars) {
    static final int LEFT = 40;
    static final int TOP = 10;
    static final int SIZE = 240;

    /**
     * One bin's bar.
     *
     * @param label what a tooltip says: the bin, its count, accuracy and confidence
     */
    public record Bar(String x, String y, String width, String height, String label) {
    }

    /** The section of {@code calibration}; null for a record written before calibration existed. */
    static @Nullable CalibrationView of(@Nullable ModelRecord.Calibration calibration) {
        if (calibration == null) {
            return null;
        }
        List<Bar> bars = new ArrayList<>();
        for (Reliability.Bin bin : calibration.reliability()) {
            if (bin.count() == 0) {
                continue;
            }
            double height = SIZE * bin.accuracy();
            bars.add(new Bar(number(LEFT + SIZE * bin.lower()), number(TOP + SIZE - height),
                    number(SIZE * (bin.upper() - bin.lower()) - 1), number(height),
                    String.format(Locale.ROOT, "%.2f–%.2f: %d pictures, accuracy %.3f, mean confidence %.3f",
                            bin.lower(), bin.upper(), bin.count(), bin.accuracy(), bin.confidence())));
        }
        return new CalibrationView(String.format(Locale.ROOT, "%.3f", calibration.temperature()),
                calibration.heldOut().name().toLowerCase(Locale.ROOT).replace('_', '-'), calibration.heldOutPictures(),
                format(calibration.eceBefore()), format(calibration.eceAfter()), calibration.unknownMethod(),
                format(calibration.unknownThreshold()), format(calibration.falseUnknownRate()),
                format(calibration.testUnknownShare()), bars);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.4f", value);
    }
}
