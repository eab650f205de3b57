package io.sightline.inference.engine;

import io.sightline.contract.Prediction;
import io.sightline.onnx.UnknownThreshold;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ResultsTest {

    @Test
    void topKIsMostProbableFirstAndCappedAtTheLabels() {
        List<String> labels = List.of("a", "b", "c", "d");
        float[] p = {0.1f, 0.4f, 0.2f, 0.3f};
        assertEquals(List.of("b", "d"), Results.topK(labels, p, 2).stream().map(Prediction::label).toList());
        assertEquals(4, Results.topK(labels, p, 10).size());
        assertEquals(0.4f, (float) Results.topK(labels, p, 1).get(0).probability());
    }

    @Test
    void tiesKeepLabelOrder() {
        assertEquals(List.of("a", "b"), Results.topK(List.of("a", "b"), new float[] {0.5f, 0.5f}, 2).stream()
                .map(Prediction::label).toList());
    }

    @Test
    void anOkResultCarriesTheTopLabel() {
        ClassifyJob job = new ClassifyJob("r", Source.HTTP, new Picture.Uploaded(new byte[1], "x"), 1, System.nanoTime());
        var result = Results.ok(job, 3, List.of("x", "y"), new float[] {0.2f, 0.8f}, 0.5f, null);
        assertEquals("y", result.label());
        assertEquals(3, result.modelVersion());
        assertEquals(1, result.predictions().size());
        assertEquals(false, result.unknown(), "a model without a score never says unknown");
        assertEquals(null, result.unknownScore());
    }

    @Test
    void theUnknownFlagIsTheScoreAboveTheThreshold() {
        ClassifyJob job = new ClassifyJob("r", Source.HTTP, new Picture.Uploaded(new byte[1], "x"), 1, System.nanoTime());
        UnknownThreshold threshold = new UnknownThreshold("m", 1.5, 0.05);
        var known = Results.ok(job, 1, List.of("x", "y"), new float[] {0.2f, 0.8f}, 1.5f, threshold);
        assertEquals(false, known.unknown());
        assertEquals(1.5, known.unknownScore());
        assertEquals("y", known.label());
        var unknown = Results.ok(job, 1, List.of("x", "y"), new float[] {0.2f, 0.8f}, 1.6f, threshold);
        assertEquals(true, unknown.unknown());
        assertEquals("y", unknown.label(), "the label is still given");
        var broken = Results.ok(job, 1, List.of("x", "y"), new float[] {0.2f, 0.8f}, Float.NaN, threshold);
        assertEquals(true, broken.unknown());
        assertEquals(null, broken.unknownScore());
        String json = io.sightline.contract.Json.writeString(unknown);
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("\"unknown\":true"), json);
        org.junit.jupiter.api.Assertions.assertTrue(json.contains("\"unknownScore\":1.6"), json);
    }

    @Test
    void aJobNeedsTopKOfAtLeastOne() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClassifyJob("r", Source.KAFKA, new Picture.Inline("AAAA"), 0, 0));
    }
}
