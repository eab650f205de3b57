package io.sightline.cli.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Prediction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sample of test pictures the service classifies, and its answers against the trainer's predictions. */
class ServedCheckTest {

    private static InferenceEvaluation.TestPicture picture(String id, String label) {
        return new InferenceEvaluation.TestPicture(id, label + "/" + id + ".jpg", label, new ObjectRef("b", "images/" + id));
    }

    private static ClassifyResult answer(String label, double probability) {
        return ClassifyResult.ok("r", 3, List.of(new Prediction(label, probability)), 1, false, 0.0);
    }

    @Test
    void theSampleTakesTheMistakesFirstThenEachLabelInTurn() {
        List<InferenceEvaluation.TestPicture> test = new ArrayList<>();
        Map<String, String> predicted = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            InferenceEvaluation.TestPicture cat = picture("c" + i, "cat");
            InferenceEvaluation.TestPicture dog = picture("d" + i, "dog");
            test.add(cat);
            test.add(dog);
            predicted.put(cat.imageId(), "cat");
            predicted.put(dog.imageId(), i < 10 ? "cat" : "dog"); // ten dogs taken for cats
        }

        List<InferenceEvaluation.TestPicture> sample = ServedCheck.sample(test, predicted);

        assertEquals(ServedCheck.PICTURES, sample.size());
        assertEquals(List.of("d0", "d1", "d2", "d3", "d4", "d5", "d6", "d7"),
                sample.subList(0, ServedCheck.MISTAKES).stream().map(InferenceEvaluation.TestPicture::imageId).toList());
        assertEquals(List.of("c0", "d10", "c1", "d11"), sample.subList(ServedCheck.MISTAKES, ServedCheck.PICTURES)
                .stream().map(InferenceEvaluation.TestPicture::imageId).toList());
        assertEquals(2, ServedCheck.sample(test.subList(0, 2), predicted).size(), "a small test set whole");
    }

    @Test
    void answersAsPredictedAgreeANearTieIsToleratedAConfidentDisagreementFails() {
        List<InferenceEvaluation.TestPicture> sample = List.of(picture("a", "cat"), picture("b", "dog"), picture("c", "dog"));
        Map<String, String> predicted = Map.of("a", "cat", "b", "cat", "c", "dog");

        ServedCheck.Result agreed = ServedCheck.check(sample, Map.of("a", answer("cat", 0.9), "b", answer("cat", 0.8),
                "c", answer("dog", 0.99)), predicted, 40);
        assertEquals(new ServedCheck.Result("trainer", 3, 40, 3, 3), agreed);

        ServedCheck.Result nearTie = ServedCheck.check(sample, Map.of("a", answer("cat", 0.9), "b", answer("dog", 0.51),
                "c", answer("dog", 0.99)), predicted, 40);
        assertEquals(2, nearTie.agreeing());

        IllegalStateException confident = assertThrows(IllegalStateException.class, () -> ServedCheck.check(sample,
                Map.of("a", answer("dog", 0.97), "b", answer("cat", 0.8), "c", answer("dog", 0.99)), predicted, 40));
        assertTrue(confident.getMessage().contains("answered dog (0.97) for cat/a.jpg where the trainer's evaluation"),
                confident.getMessage());
        assertThrows(IllegalStateException.class, () -> ServedCheck.check(sample, Map.of(), predicted, 40),
                "no answer is no check");
    }
}
