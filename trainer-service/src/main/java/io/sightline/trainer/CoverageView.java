package io.sightline.trainer;

import io.micronaut.core.annotation.Nullable;
import io.sightline.metrics.AccuracyCoverage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's accuracy–coverage section (selective classification): answering only the test pictures whose
 * confidence is at least a threshold, how accurate the answers are for each share of pictures answered. The chart
 * is a polyline with a marker per table level; the y axis runs from {@code floor} (the lowest accuracy on the curve,
 * rounded down to a tenth, at most 0.9) to 1. Its frame is drawn by {@code views/report.html}: a plot area of
 * {@value #WIDTH} × {@value #HEIGHT} at ({@value #LEFT}, {@value #TOP}).
 *
 * @param points  the polyline's {@code points}
 * @param floor   the accuracy at the bottom of the chart, formatted
 * @param markers one per table level that answers a picture
 * @param rows    the table: a row per level of {@link AccuracyCoverage#LEVELS}
 */
public record CoverageView(String points, String floor, List<Marker> markers, List<Row> rows) {
    static final int LEFT = 40;
    static final int TOP = 10;
    static final int WIDTH = 400;
    static final int HEIGHT = 220;

    /**
     * A level on the chart.
     *
     * @param label what a tooltip says
     */
    public record Marker(String x, String y, String label) {
    }

    /**
     * A level in the table.
     *
     * @param target    the share asked for, as a percentage
     * @param threshold the lowest confidence answered ("–" when no threshold answers so few)
     * @param answered  the pictures answered
     * @param coverage  their share
     * @param accuracy  the share of them predicted right
     */
    public record Row(String target, String threshold, int answered, String coverage, String accuracy) {
    }

    /** The section of {@code curve}; null for a record written before the curve existed or without test pictures. */
    static @Nullable CoverageView of(@Nullable AccuracyCoverage curve) {
        if (curve == null || curve.points().isEmpty()) {
            return null;
        }
        double lowest = curve.points().stream().mapToDouble(AccuracyCoverage.Point::accuracy).min().orElse(0);
        double floor = Math.min(0.9, Math.floor(lowest * 10 + 1e-9) / 10);
        StringBuilder points = new StringBuilder();
        for (AccuracyCoverage.Point point : curve.points()) {
            points.append(x(point.coverage())).append(',').append(y(point.accuracy(), floor)).append(' ');
        }
        List<Marker> markers = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (AccuracyCoverage.Level level : curve.levels()) {
            String target = String.format(Locale.ROOT, "%.0f%%", 100 * level.target());
            rows.add(new Row(target, format(level.threshold()), level.answered(), format(level.coverage()),
                    format(level.accuracy())));
            if (level.answered() > 0) {
                markers.add(new Marker(x(level.coverage()), y(level.accuracy(), floor), String.format(Locale.ROOT,
                        "%s asked: confidence ≥ %.3f answers %d of %d (%.3f), accuracy %.3f", target,
                        level.threshold(), level.answered(), curve.count(), level.coverage(), level.accuracy())));
            }
        }
        return new CoverageView(points.toString().trim(), String.format(Locale.ROOT, "%.1f", floor), markers, rows);
    }

    private static String x(double coverage) {
        return String.format(Locale.ROOT, "%.1f", LEFT + WIDTH * coverage);
    }

    private static String y(double accuracy, double floor) {
        return String.format(Locale.ROOT, "%.1f", TOP + HEIGHT * (1 - (accuracy - floor) / (1 - floor)));
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
    }
}
