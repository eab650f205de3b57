package io.sightline.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Selective classification: answer only the pictures whose confidence (top probability) is at least a threshold
 * and leave the others to a person. The accuracy–coverage curve has a point per threshold: the coverage is the
 * share of pictures answered, the accuracy the share of the answered ones predicted right. Pictures of equal
 * confidence are answered or left together (no threshold separates them), so a point is one distinct confidence,
 * highest first. A confidence that ranks mistakes below right answers makes the curve fall from the left; a flat
 * curve means the confidence says nothing about being right.
 *
 * @param count  the pictures
 * @param points the curve, coverage increasing: every point when there are at most {@value #MAX_POINTS}, else
 *               points at least {@code count / MAX_POINTS} pictures (1% of coverage) apart, the first and the last
 *               (coverage 1) always kept: at most {@code MAX_POINTS + 1}
 * @param levels the curve at {@link #LEVELS}, from the whole curve
 */
public record AccuracyCoverage(int count, List<Point> points, List<Level> levels) {
    /** Curves with more points are thinned to about this many. */
    public static final int MAX_POINTS = 100;
    /** The coverage levels of the table: every picture, 90%, 80%, half. */
    public static final List<Double> LEVELS = List.of(1.0, 0.9, 0.8, 0.5);

    public AccuracyCoverage {
        points = List.copyOf(points);
        levels = List.copyOf(levels);
    }

    /**
     * One threshold.
     *
     * @param threshold the lowest confidence answered
     * @param answered  the pictures whose confidence is at least {@code threshold}
     * @param coverage  {@code answered / count}
     * @param accuracy  the share of the answered predicted right
     */
    public record Point(double threshold, int answered, double coverage, double accuracy) {
    }

    /**
     * The curve at a target coverage: the point that answers the most pictures without answering more than
     * {@code target} of them.
     *
     * @param target    the share asked for
     * @param threshold that point's threshold; NaN when even the most confident pictures are more than the target
     * @param answered  how many pictures it answers (0 when none)
     * @param coverage  the share it answers, at most the target
     * @param accuracy  the share of those predicted right; NaN when none are answered
     */
    public record Level(double target, double threshold, int answered, double coverage, double accuracy) {
    }

    /** The curve of {@code probabilities} (a row per picture) against {@code truth} (class ids). */
    public static AccuracyCoverage of(double[][] probabilities, int[] truth) {
        if (probabilities.length != truth.length) {
            throw new IllegalArgumentException("probabilities and truth differ in length");
        }
        double[] confidence = new double[truth.length];
        boolean[] correct = new boolean[truth.length];
        for (int i = 0; i < truth.length; i++) {
            int best = Evaluation.argMax(probabilities[i]);
            confidence[i] = probabilities[i][best];
            correct[i] = best == truth[i];
        }
        return of(confidence, correct);
    }

    /** The curve of pictures with these confidences (each in [0, 1]), {@code correct[i]} when picture i is right. */
    public static AccuracyCoverage of(double[] confidence, boolean[] correct) {
        int n = confidence.length;
        if (correct.length != n) {
            throw new IllegalArgumentException("confidence and correct differ in length");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (!(confidence[i] >= 0 && confidence[i] <= 1)) {
                throw new IllegalArgumentException("confidence " + i + " is not in [0, 1]: " + confidence[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(confidence[b], confidence[a]));
        List<Point> all = new ArrayList<>();
        int right = 0;
        for (int k = 0; k < n; k++) {
            right += correct[order[k]] ? 1 : 0;
            boolean lastOfItsConfidence = k + 1 == n || confidence[order[k + 1]] != confidence[order[k]];
            if (lastOfItsConfidence) {
                all.add(new Point(confidence[order[k]], k + 1, (double) (k + 1) / n, (double) right / (k + 1)));
            }
        }
        List<Level> levels = LEVELS.stream().map(target -> level(all, n, target)).toList();
        return new AccuracyCoverage(n, thin(all, n), levels);
    }

    private static Level level(List<Point> all, int n, double target) {
        int allowed = (int) Math.floor(target * n + 1e-9);
        Point best = null;
        for (Point point : all) {
            if (point.answered() <= allowed) {
                best = point;
            }
        }
        return best == null ? new Level(target, Double.NaN, 0, 0, Double.NaN)
                : new Level(target, best.threshold(), best.answered(), best.coverage(), best.accuracy());
    }

    /** Every point when there are few; else points at least count / MAX_POINTS pictures apart, first and last kept. */
    private static List<Point> thin(List<Point> all, int n) {
        if (all.size() <= MAX_POINTS) {
            return all;
        }
        List<Point> kept = new ArrayList<>();
        kept.add(all.get(0));
        for (int i = 1; i < all.size(); i++) {
            Point point = all.get(i);
            long apart = (long) (point.answered() - kept.get(kept.size() - 1).answered()) * MAX_POINTS;
            if (i == all.size() - 1 || apart >= n) {
                kept.add(point);
            }
        }
        return kept;
    }
}
