package io.sightline.cli.quickstart;

import io.sightline.cli.client.IngestSummary;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} summary of SPEC section 5; {@code unknown} only with {@code --holdout-label} (else null);
 * {@code served}: where the metrics come from and how many test pictures the inference service classified.
 */
public record QuickstartSummary(Images images, Split split, Backbone backbone, Metrics metrics,
                                List<Mistake> misclassified, Model model, Timings timings,
                                List<Iteration> training, String report, HoldoutEvaluation.Result unknown,
                                ServedCheck.Result served) {

    /** {@code total} counts the pictures loaded; skipped files are only in {@code skipped}. */
    public record Images(int total, Map<String, Integer> byLabel, List<IngestSummary.Skipped> skipped) {
    }

    public record Split(int train, int validation, int test) {
    }

    /** {@code pretrained}: true, false or "unknown" (a FILE.onnx nobody vouched for). */
    public record Backbone(String id, io.sightline.contract.Pretrained pretrained, String sha256) {
    }

    public record Metrics(double accuracy, double macroPrecision, double macroRecall, double macroF1, double logLoss,
                          ConfusionMatrix confusionMatrix) {
    }

    public record ConfusionMatrix(List<String> labels, int[][] matrix) {
    }

    public record Mistake(String source, String label, String predicted, double probability) {
    }

    /** {@code precision}: fp32 or int8, what the served model computes in; {@code precisionReason}: why. */
    public record Model(int version, String sha256, String precision, String precisionReason) {
    }

    public record Timings(double ingestSeconds, double embedSeconds, double trainSeconds, double evaluateSeconds) {
    }

    /** One solver iteration, as the tutorial's per-iteration table shows it. */
    public record Iteration(int iteration, double trainLoss, double trainAccuracy, double validationAccuracy,
                            long elapsedMillis) {
    }
}
