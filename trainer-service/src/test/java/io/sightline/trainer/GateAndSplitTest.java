package io.sightline.trainer;

import io.sightline.contract.ImageIds;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.ObjectRef;
import io.sightline.metrics.Evaluation;
import io.sightline.train.Split;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's rules and the split's guarantees, without Kafka. */
class GateAndSplitTest {
    private static final List<String> LABELS = List.of("a", "b");

    @Test
    void theGateRejectsAnAccuracyDropBeyondItsTolerance() {
        Gate gate = new Gate(0.01, 0.05);
        Evaluation serving = evaluation(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1});
        Evaluation worse = evaluation(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1});
        Gate.Decision rejected = gate.decide(worse, serving, 3);
        assertFalse(rejected.promote());
        assertTrue(rejected.reason().contains("accuracy 0.750 is below version 3's 1.000"), rejected.reason());
        assertTrue(gate.decide(serving, serving, 3).promote());
        assertTrue(gate.firstModel().promote());
    }

    @Test
    void theGateRejectsARecallDropOfOneClassEvenAtEqualAccuracy() {
        Gate gate = new Gate(0.5, 0.05);
        int[] truth = {0, 0, 0, 0, 1, 1, 1, 1};
        Evaluation serving = evaluation(truth, new int[] {0, 0, 0, 0, 1, 1, 1, 0});
        Evaluation candidate = evaluation(truth, new int[] {0, 0, 0, 1, 1, 1, 1, 1});
        Gate.Decision decision = gate.decide(candidate, serving, 1);
        assertFalse(decision.promote());
        assertTrue(decision.reason().contains("recall of 'a' drops from 1.000"), decision.reason());
    }

    @Test
    void noTrainingWithoutATestSplitAndTheTestSetNeverMovesAsTheDatasetGrows() {
        TrainerConfig config = config();
        TrainingJob job = new TrainingJob(config);
        List<LabelledImage> noTest = new ArrayList<>();
        for (int i = 0; noTest.size() < 2; i++) {
            LabelledImage image = image(i, noTest.size() == 0 ? "a" : "b");
            if (Split.assign(image.imageId(), config.seed(), config.testFraction(), 0) != Split.Set.TEST) {
                noTest.add(image);
            }
        }
        String reason = job.unfitReason(noTest);
        assertNotNull(reason);
        assertTrue(reason.contains("0 for testing"), reason);

        List<LabelledImage> small = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            small.add(image(i, i % 2 == 0 ? "a" : "b"));
        }
        assertNull(job.unfitReason(small));
        List<String> testBefore = SplitPlan.of(small, 2, 0.2, -1).test().stream().map(LabelledImage::imageId).toList();
        List<LabelledImage> grown = new ArrayList<>(small);
        for (int i = 50; i < 400; i++) {
            grown.add(image(i, i % 2 == 0 ? "a" : "b"));
        }
        SplitPlan plan = SplitPlan.of(grown, 2, 0.2, -1);
        assertTrue(plan.test().stream().map(LabelledImage::imageId).toList().containsAll(testBefore));
        assertEquals(0.05, plan.validationFraction(), "5% validation from 100 training pictures");
        assertEquals(0.0, SplitPlan.of(small, 2, 0.2, -1).validationFraction(), "none below 100");
    }

    private static Evaluation evaluation(int[] truth, int[] predicted) {
        double[][] probabilities = new double[truth.length][2];
        for (int i = 0; i < truth.length; i++) {
            probabilities[i][predicted[i]] = 0.9;
            probabilities[i][1 - predicted[i]] = 0.1;
        }
        return Evaluation.of(LABELS, truth, probabilities, null);
    }

    private static LabelledImage image(int i, String label) {
        String id = ImageIds.of(("picture-" + i).getBytes(StandardCharsets.UTF_8));
        return new LabelledImage(id, label, new ObjectRef("b", "images/sha256/" + ImageIds.hex(id)), "image/png", 8, 8,
                10, "p" + i + ".png", Instant.EPOCH);
    }

    private static TrainerConfig config() {
        return TrainerConfigs.withRole(TrainerConfig.ROLE_ALL);
    }
}
