package io.sightline.trainer;

import io.sightline.metrics.Evaluation;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.SessionConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Measures the serving model on the candidate's test set by running its stored {@code head.onnx} on
 * the cached embeddings: both models are judged on the same pictures. Probabilities of labels the
 * serving model does not know are 0.
 */
public final class ServingEvaluator {
    private ServingEvaluator() {
    }

    public static Evaluation evaluate(byte[] servingHead, List<String> servingLabels, LabelledFeatures test,
                                      List<String> candidateLabels) {
        int n = test.size();
        int dimension = test.features()[0].length;
        FloatBuffer input = ByteBuffer.allocateDirect(n * dimension * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        for (float[] row : test.features()) {
            input.put(row);
        }
        input.rewind();
        float[][] servingProbabilities;
        try (OnnxModel head = OnnxSessions.open(servingHead, SessionConfig.cpu().withIntraOpThreads(1))) {
            servingProbabilities = head.run(input, new long[] {n, dimension});
        }
        double[][] mapped = new double[n][candidateLabels.size()];
        for (int c = 0; c < candidateLabels.size(); c++) {
            int servingIndex = servingLabels.indexOf(candidateLabels.get(c));
            if (servingIndex < 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                mapped[i][c] = servingProbabilities[i][servingIndex];
            }
        }
        return Evaluation.of(candidateLabels, test.classes(), mapped, test.imageIds());
    }
}
