package io.sightline.inference.engine;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.Prediction;
import io.sightline.onnx.UnknownThreshold;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link ClassifyResult} of a job: the top-k predictions and whether the picture is unknown, or an
 * error, with the latency so far.
 */
public final class Results {
    private Results() {
    }

    /**
     * An ok result.
     *
     * @param unknownScore the model's unknown score for the picture; ignored when {@code threshold} is null (a
     *                     model without one: never unknown, no score)
     */
    public static ClassifyResult ok(ClassifyJob job, int modelVersion, List<String> labels, float[] probabilities,
                                    float unknownScore, UnknownThreshold threshold) {
        List<Prediction> top = topK(labels, probabilities, job.topK());
        if (threshold == null) {
            return ClassifyResult.ok(job.requestId(), modelVersion, top, latencyMs(job), false, null);
        }
        // A score that is not a finite number (a picture far outside anything seen) is unknown, without a number.
        Double score = Float.isFinite(unknownScore) ? (double) unknownScore : null;
        return ClassifyResult.ok(job.requestId(), modelVersion, top, latencyMs(job), threshold.unknown(unknownScore),
                score);
    }

    public static ClassifyResult error(ClassifyJob job, ErrorCode code, String message) {
        return ClassifyResult.error(job.requestId(), code, message, latencyMs(job));
    }

    /** The k most probable labels, most probable first (ties: lower index first). */
    public static List<Prediction> topK(List<String> labels, float[] probabilities, int k) {
        int n = Math.min(k, probabilities.length);
        Integer[] order = new Integer[probabilities.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int byProbability = Float.compare(probabilities[b], probabilities[a]);
            return byProbability != 0 ? byProbability : Integer.compare(a, b);
        });
        List<Prediction> top = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            top.add(new Prediction(labels.get(order[i]), probabilities[order[i]]));
        }
        return top;
    }

    static double latencyMs(ClassifyJob job) {
        return Math.round((System.nanoTime() - job.receivedNanos()) / 10_000.0) / 100.0;
    }
}
