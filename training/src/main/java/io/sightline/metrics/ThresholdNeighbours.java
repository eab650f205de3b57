package io.sightline.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a score threshold splits a set (the unknown threshold on the test pictures): the share above it, and the
 * items nearest to it on each side. A score above the threshold is unknown; so is a score that is not a number,
 * as the inference service counts it (it is nobody's neighbour: its distance to the threshold is undefined).
 *
 * @param aboveShare the share of items above the threshold (NaN without items)
 * @param neighbours up to {@code perSide} items at or below the threshold and up to {@code perSide} above it, the
 *                   ones nearest to it, in increasing score
 */
public record ThresholdNeighbours(double aboveShare, List<Neighbour> neighbours) {

    public ThresholdNeighbours {
        neighbours = List.copyOf(neighbours);
    }

    /**
     * An item near the threshold.
     *
     * @param itemId the item (e.g. image id)
     * @param score  its score
     * @param above  its score is above the threshold
     */
    public record Neighbour(String itemId, double score, boolean above) {
    }

    /** The split of {@code scores} (item i is {@code itemIds.get(i)}) by {@code threshold}, a number. */
    public static ThresholdNeighbours of(double[] scores, List<String> itemIds, double threshold, int perSide) {
        if (scores.length != itemIds.size()) {
            throw new IllegalArgumentException("scores and itemIds differ in length");
        }
        if (Double.isNaN(threshold) || perSide < 0) {
            throw new IllegalArgumentException("need a threshold and perSide >= 0: " + threshold + ", " + perSide);
        }
        List<Neighbour> below = new ArrayList<>();
        List<Neighbour> above = new ArrayList<>();
        int unknown = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean isAbove = !(scores[i] <= threshold);
            unknown += isAbove ? 1 : 0;
            if (!Double.isNaN(scores[i])) {
                (isAbove ? above : below).add(new Neighbour(itemIds.get(i), scores[i], isAbove));
            }
        }
        Comparator<Neighbour> byScore = Comparator.comparingDouble(Neighbour::score)
                .thenComparing(Neighbour::itemId);
        below.sort(byScore);
        above.sort(byScore);
        List<Neighbour> nearest = new ArrayList<>(below.subList(Math.max(0, below.size() - perSide), below.size()));
        nearest.addAll(above.subList(0, Math.min(perSide, above.size())));
        return new ThresholdNeighbours(scores.length == 0 ? Double.NaN : (double) unknown / scores.length, nearest);
    }
}
