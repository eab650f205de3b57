package io.sightline.trainer;

import io.micronaut.core.annotation.Nullable;
import io.sightline.train.IterationProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The report's training chart as SVG polylines: train loss (scaled to its maximum), train accuracy and, when
 * there was a validation set, validation accuracy, over the iterations. The frame is drawn by
 * {@code views/report.html}: a plot area of {@value #WIDTH} × {@value #HEIGHT} at ({@value #LEFT}, {@value #TOP}).
 *
 * @param lines      one per series
 * @param iterations how many iterations the x axis spans
 */
public record TrainingCurve(List<Line> lines, int iterations) {
    static final int LEFT = 40;
    static final int TOP = 10;
    static final int WIDTH = 640;
    static final int HEIGHT = 220;

    /** The chart of these iterations; null when there are none. */
    static @Nullable TrainingCurve of(List<IterationProgress> history) {
        if (history.isEmpty()) {
            return null;
        }
        double maxLoss = history.stream().mapToDouble(IterationProgress::trainLoss).max().orElse(1);
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("#dc2626", points(history, p -> p.trainLoss() / maxLoss)));
        lines.add(new Line("#2563eb", points(history, IterationProgress::trainAccuracy)));
        if (history.stream().anyMatch(p -> !Double.isNaN(p.validationAccuracy()))) {
            lines.add(new Line("#16a34a", points(history, IterationProgress::validationAccuracy)));
        }
        return new TrainingCurve(lines, history.size());
    }

    /** The {@code points} of a polyline: values in [0, 1] from the bottom of the plot to its top (NaN at 0). */
    private static String points(List<IterationProgress> history, ToDoubleFunction<IterationProgress> value) {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < history.size(); i++) {
            double x = LEFT + (history.size() == 1 ? 0 : (double) i * WIDTH / (history.size() - 1));
            double v = value.applyAsDouble(history.get(i));
            double y = TOP + HEIGHT * (1 - (Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v))));
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return points.toString();
    }

    /** One series: its stroke colour and its SVG points. */
    public record Line(String color, String points) {
    }
}
