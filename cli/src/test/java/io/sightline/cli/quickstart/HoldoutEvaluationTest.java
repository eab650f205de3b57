package io.sightline.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The holdout measurement from classify results: AUROC over every known/unknown pair, and the shares flagged. */
class HoldoutEvaluationTest {

    private static ClassifyResult result(double score, boolean unknown) {
        return ClassifyResult.ok("r", 1, List.of(new Prediction("a", 0.9)), 1, unknown, score);
    }

    @Test
    void aurocCountsThePairsTheScoreOrdersRight() {
        // Known 1, 2, 3 (3 flagged); held out 2.5, 4, 0.5, 2 (4 and 2.5 flagged).
        List<ClassifyResult> known = List.of(result(1, false), result(2, false), result(3, true));
        List<ClassifyResult> heldOut = List.of(result(2.5, true), result(4, true), result(0.5, false), result(2, false));
        HoldoutEvaluation.Result measured = HoldoutEvaluation.measure("cat", known, heldOut);
        // 2.5 beats 1, 2; 4 beats all 3; 0.5 beats none; 2 beats 1, ties 2: 2 + 3 + 0 + 1.5 = 6.5 of 12.
        assertEquals(6.5 / 12, measured.auroc(), 1e-12);
        assertEquals(0.5, measured.caught(), 1e-12);
        assertEquals(1 / 3.0, measured.falseUnknown(), 1e-12);
        assertEquals(4, measured.pictures());
        assertEquals(3, measured.knownPictures());
    }

    @Test
    void aurocAgreesWithCountingEveryPairOnRandomScores() {
        Random random = new Random(5);
        List<ClassifyResult> known = new ArrayList<>();
        List<ClassifyResult> heldOut = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            known.add(result(Math.floor(random.nextGaussian() * 3), false));
        }
        for (int i = 0; i < 25; i++) {
            heldOut.add(result(Math.floor(random.nextGaussian() * 3 + 2), true));
        }
        double won = 0;
        for (ClassifyResult u : heldOut) {
            for (ClassifyResult k : known) {
                won += u.unknownScore() > k.unknownScore() ? 1 : u.unknownScore().equals(k.unknownScore()) ? 0.5 : 0;
            }
        }
        assertEquals(won / (40 * 25), HoldoutEvaluation.measure("x", known, heldOut).auroc(), 1e-12);
    }

    @Test
    void aModelWithoutAScoreCannotBeMeasured() {
        ClassifyResult old = ClassifyResult.ok("r", 1, List.of(new Prediction("a", 0.9)), 1, false, null);
        assertThrows(IllegalStateException.class,
                () -> HoldoutEvaluation.measure("x", List.of(old), List.of(result(1, true))));
    }
}
