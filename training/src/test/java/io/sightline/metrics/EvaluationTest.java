package io.sightline.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.contract.Json;
import io.sightline.contract.ModelMetrics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    private static final List<String> LABELS = List.of("cat", "dog", "fox");

    /**
     * Six items; "fox" (2) occurs in the truth but is never predicted.
     *
     * <pre>
     * item truth pred  p(cat) p(dog) p(fox)
     * a    cat   cat   0.7    0.2    0.1
     * b    cat   dog   0.3    0.6    0.1
     * c    dog   dog   0.1    0.8    0.1
     * d    dog   dog   0.2    0.5    0.3
     * e    fox   cat   0.5    0.1    0.4
     * f    fox   dog   0.1    0.6    0.3
     * </pre>
     */
    private static final int[] TRUTH = {0, 0, 1, 1, 2, 2};
    private static final double[][] P = {
        {0.7, 0.2, 0.1}, {0.3, 0.6, 0.1}, {0.1, 0.8, 0.1}, {0.2, 0.5, 0.3}, {0.5, 0.1, 0.4}, {0.1, 0.6, 0.3}};
    private static final List<String> IDS = List.of("a", "b", "c", "d", "e", "f");

    @Test
    void handComputedMetricsWithANeverPredictedClass() {
        Evaluation e = Evaluation.of(LABELS, TRUTH, P, IDS);
        assertEquals(6, e.count());
        assertEquals(3 / 6.0, e.accuracy(), 1e-12);
        assertArrayEquals(new int[] {1, 1, 0}, e.confusionMatrix().matrix()[0]);
        assertArrayEquals(new int[] {0, 2, 0}, e.confusionMatrix().matrix()[1]);
        assertArrayEquals(new int[] {1, 1, 0}, e.confusionMatrix().matrix()[2]);
        assertEquals(LABELS, e.confusionMatrix().labels());

        ClassMetrics cat = e.perClass().get(0);
        ClassMetrics dog = e.perClass().get(1);
        ClassMetrics fox = e.perClass().get(2);
        // cat: predicted a, e -> TP 1 of 2; truth a, b -> 1 of 2.
        assertEquals(0.5, cat.precision(), 1e-12);
        assertEquals(0.5, cat.recall(), 1e-12);
        assertEquals(0.5, cat.f1(), 1e-12);
        assertEquals(2, cat.support());
        // dog: predicted b, c, d, f -> 2 of 4; truth c, d -> 2 of 2.
        assertEquals(0.5, dog.precision(), 1e-12);
        assertEquals(1.0, dog.recall(), 1e-12);
        assertEquals(2 * 0.5 / 1.5, dog.f1(), 1e-12);
        // fox: never predicted -> precision 0 (documented), recall 0, F1 0.
        assertEquals(0, fox.precision());
        assertEquals(0, fox.recall());
        assertEquals(0, fox.f1());
        assertEquals(2, fox.support());

        assertEquals((0.5 + 0.5 + 0) / 3, e.macroPrecision(), 1e-12);
        assertEquals((0.5 + 1 + 0) / 3, e.macroRecall(), 1e-12);
        assertEquals((0.5 + 2 / 3.0 + 0) / 3, e.macroF1(), 1e-12);

        double logLoss = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.8) + Math.log(0.5) + Math.log(0.4)
                + Math.log(0.3)) / 6;
        assertEquals(logLoss, e.logLoss(), 1e-12);

        ModelMetrics m = e.toModelMetrics();
        assertEquals(new ModelMetrics(e.accuracy(), e.macroPrecision(), e.macroRecall(), e.macroF1(), e.logLoss()), m);
    }

    @Test
    void aucByHandWithTies() {
        Evaluation e = Evaluation.of(LABELS, TRUTH, P, IDS);
        // cat scores: positives a 0.7, b 0.3; negatives c 0.1, d 0.2, e 0.5, f 0.1.
        // a beats all 4; b beats c, d, f = 3 -> 7/8.
        assertEquals(7 / 8.0, e.perClass().get(0).rocAuc(), 1e-12);
        // dog: positives c 0.8, d 0.5; negatives a 0.2, b 0.6, e 0.1, f 0.6.
        // c beats 4; d beats a, e = 2 -> 6/8.
        assertEquals(6 / 8.0, e.perClass().get(1).rocAuc(), 1e-12);
        // fox: positives e 0.4, f 0.3; negatives a 0.1, b 0.1, c 0.1, d 0.3.
        // e beats 4; f beats 3 and ties d (0.5) -> 7.5/8.
        assertEquals(7.5 / 8.0, e.perClass().get(2).rocAuc(), 1e-12);
        assertEquals((7 / 8.0 + 6 / 8.0 + 7.5 / 8.0) / 3, e.macroRocAuc(), 1e-12);
    }

    @Test
    void allTiedScoresGiveOneHalfAndMissingClassGivesNaN() {
        double[][] p = {{0.5, 0.5, 0}, {0.5, 0.5, 0}, {0.5, 0.5, 0}};
        Evaluation e = Evaluation.of(LABELS, new int[] {0, 1, 1}, p, null);
        assertEquals(0.5, e.perClass().get(0).rocAuc(), 1e-12);
        assertEquals(0.5, e.perClass().get(1).rocAuc(), 1e-12);
        assertTrue(Double.isNaN(e.perClass().get(2).rocAuc()));
        assertEquals(0.5, e.macroRocAuc(), 1e-12);
        // fox neither occurs nor is predicted: left out of the macro averages. cat P=1/3 R=1, dog P=0 R=0.
        assertEquals((1 / 3.0 + 0) / 2, e.macroPrecision(), 1e-12);
        assertEquals((1 + 0) / 2.0, e.macroRecall(), 1e-12);
    }

    @Test
    void logLossClipsZeroAndOne() {
        double[][] p = {{0, 1, 0}, {1, 0, 0}};
        Evaluation e = Evaluation.of(LABELS, new int[] {0, 0}, p, null);
        double expected = (-Math.log(1e-15) - Math.log(1 - 1e-15)) / 2;
        assertEquals(expected, e.logLoss(), 1e-9);
        assertTrue(Double.isFinite(e.logLoss()));
    }

    @Test
    void misclassifiedMostConfidentFirst() {
        Evaluation e = Evaluation.of(LABELS, TRUTH, P, IDS);
        List<Misclassified> mistakes = e.misclassified();
        assertEquals(3, mistakes.size());
        // b (0.6, true 0.3), f (0.6, true 0.3): equal -> original order; e (0.5).
        assertEquals(new Misclassified("b", "cat", "dog", 0.6, 0.3), mistakes.get(0));
        assertEquals(new Misclassified("f", "fox", "dog", 0.6, 0.3), mistakes.get(1));
        assertEquals(new Misclassified("e", "fox", "cat", 0.5, 0.4), mistakes.get(2));
    }

    @Test
    void roundTripsThroughTheProjectJsonMapping() throws Exception {
        ObjectMapper mapper = Json.mapper();
        // fox AUC is defined here; a NaN (undefined AUC) must survive the trip as well.
        double[][] p = {{0.5, 0.5, 0}, {0.5, 0.5, 0}};
        for (Evaluation original : List.of(Evaluation.of(LABELS, TRUTH, P, IDS),
                Evaluation.of(LABELS, new int[] {0, 1}, p, null))) {
            String text = mapper.writeValueAsString(original);
            JsonNode json = mapper.readTree(text);
            assertEquals(original.accuracy(), json.get("accuracy").asDouble(), 1e-12);
            assertEquals("fox", json.get("perClass").get(2).get("label").asText());
            Evaluation back = mapper.readValue(text, Evaluation.class);
            assertEquals(original.perClass(), back.perClass());
            assertEquals(original.misclassified(), back.misclassified());
            assertEquals(original.logLoss(), back.logLoss());
            assertEquals(original.macroRocAuc(), back.macroRocAuc());
            assertArrayEquals(original.confusionMatrix().matrix(), back.confusionMatrix().matrix());
            assertEquals(original.toModelMetrics(), back.toModelMetrics());
        }
    }

    @Test
    void rejectsInconsistentInput() {
        assertThrows(IllegalArgumentException.class, () -> Evaluation.of(LABELS, new int[] {0}, new double[0][], null));
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(LABELS, new int[] {3}, new double[][] {{1, 0, 0}}, null));
        assertThrows(IllegalArgumentException.class,
                () -> Evaluation.of(LABELS, new int[] {0}, new double[][] {{1, 0}}, null));
    }
}
