package io.sightline.cli.quickstart;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The served model checked against the trainer's evaluation of the same version: a sample of the test
 * pictures (the misclassified ones first, then the others, label by label in turn) is classified through the
 * inference service over Kafka, and each answer must name the label the trainer's evaluation predicted. The
 * trainer ran the same preprocessing, backbone and head on the same bytes, so only a near tie may come out
 * the other way; a confident disagreement means the served model is not the evaluated one and fails the run.
 */
public final class ServedCheck {
    /** Test pictures classified through the service, at most. */
    static final int PICTURES = 12;
    /** Of which misclassified ones, at most (the answers most worth seeing served). */
    static final int MISTAKES = 8;
    /** A served answer this sure that disagrees with the trainer's prediction is an error, not a near tie. */
    static final double CONFIDENT = 0.6;

    private ServedCheck() {
    }

    /**
     * What the check found.
     *
     * @param metricsFrom {@code trainer}: the metrics are the trainer's evaluation of the served version on every
     *                    test picture and the service classified {@code classified} of them ({@code agreeing} as
     *                    the trainer predicted); {@code service}: the service classified every test picture and
     *                    the metrics are computed from its answers ({@code agreeing} null)
     */
    public record Result(String metricsFrom, int classified, int testPictures, Integer agreeing, int modelVersion) {
        static Result service(int pictures, int modelVersion) {
            return new Result("service", pictures, pictures, null, modelVersion);
        }
    }

    /**
     * The sample: up to {@link #MISTAKES} misclassified pictures in the trainer's order (most confident first),
     * then the others, one label after another, up to {@link #PICTURES}.
     *
     * @param predicted the trainer's predicted label per imageId of each test picture
     */
    static List<InferenceEvaluation.TestPicture> sample(List<InferenceEvaluation.TestPicture> test,
                                                        Map<String, String> predicted) {
        List<InferenceEvaluation.TestPicture> sample = new ArrayList<>();
        Map<String, List<InferenceEvaluation.TestPicture>> rightByLabel = new LinkedHashMap<>();
        for (InferenceEvaluation.TestPicture picture : test) {
            if (!picture.label().equals(predicted.get(picture.imageId()))) {
                if (sample.size() < MISTAKES) {
                    sample.add(picture);
                }
            } else {
                rightByLabel.computeIfAbsent(picture.label(), l -> new ArrayList<>()).add(picture);
            }
        }
        for (int i = 0; sample.size() < PICTURES; i++) {
            boolean any = false;
            for (List<InferenceEvaluation.TestPicture> pictures : rightByLabel.values()) {
                if (i < pictures.size() && sample.size() < PICTURES) {
                    sample.add(pictures.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return sample;
    }

    /** Compares the served answers with the trainer's predictions; a confident disagreement is thrown. */
    static Result check(List<InferenceEvaluation.TestPicture> sample, Map<String, ClassifyResult> served,
                        Map<String, String> predicted, int testPictures) {
        int agreeing = 0;
        int version = 0;
        for (InferenceEvaluation.TestPicture picture : sample) {
            ClassifyResult result = served.get(picture.imageId());
            if (result == null || result.predictions().isEmpty()) {
                throw new IllegalStateException("the inference service gave no prediction for " + picture.source());
            }
            version = Math.max(version, result.modelVersion());
            Prediction top = result.predictions().get(0);
            String expected = predicted.get(picture.imageId());
            if (top.label().equals(expected)) {
                agreeing++;
            } else if (top.probability() >= CONFIDENT) {
                throw new IllegalStateException("the served model (version " + result.modelVersion() + ") answered "
                        + top.label() + " (" + top.probability() + ") for " + picture.source()
                        + " where the trainer's evaluation of that version predicted " + expected);
            }
        }
        return new Result("trainer", sample.size(), testPictures, agreeing, version);
    }
}
