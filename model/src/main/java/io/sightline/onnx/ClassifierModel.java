package io.sightline.onnx;

import io.sightline.contract.BackboneInfo;
import io.sightline.image.Preprocessing;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an end-to-end model ({@code pixels} → {@code probabilities}, and {@code unknown_score} when it
 * has one) with the labels, preprocessing, backbone and unknown threshold it records in its metadata.
 * Owns its session.
 */
public final class ClassifierModel implements AutoCloseable {
    private final OnnxModel model;
    private final ModelMetadata metadata;
    private final long[] shape;
    private final boolean scoresUnknown;

    private ClassifierModel(OnnxModel model) {
        this.model = model;
        try {
            this.metadata = ModelMetadata.read(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        this.scoresUnknown = model.outputNames().size() > 1
                && model.outputNames().get(1).equals(OnnxGraphs.UNKNOWN_SCORE);
        if (scoresUnknown != (metadata.unknown() != null)) {
            model.close();
            throw new IllegalArgumentException("the model has " + (scoresUnknown ? "an" : "no") + " unknown_score output but "
                    + (scoresUnknown ? "no" : "a") + " threshold in its metadata (" + ModelMetadata.UNKNOWN + ")");
        }
        int crop = metadata.preprocessing().crop();
        this.shape = new long[] {0, 3, crop, crop};
        long[] declared = model.inputShape();
        if (declared.length == 4 && ((declared[2] > 0 && declared[2] != crop) || (declared[3] > 0 && declared[3] != crop))) {
            model.close();
            throw new IllegalArgumentException("model input " + java.util.Arrays.toString(declared)
                    + " does not match the recorded preprocessing crop " + crop);
        }
    }

    public static ClassifierModel open(byte[] model, SessionConfig config) {
        return new ClassifierModel(OnnxSessions.open(model, config));
    }

    public static ClassifierModel open(Path model, SessionConfig config) {
        return new ClassifierModel(OnnxSessions.open(model, config));
    }

    public List<String> labels() {
        return metadata.labels();
    }

    public Preprocessing preprocessing() {
        return metadata.preprocessing();
    }

    public BackboneInfo backbone() {
        return metadata.backbone();
    }

    /** What the model's backbone computes in, as its metadata records. */
    public Precision precision() {
        return metadata.precision();
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** How to read the unknown scores, or null for a model that has none. */
    public UnknownThreshold unknown() {
        return metadata.unknown();
    }

    public ExecutionProvider provider() {
        return model.provider();
    }

    /** Probabilities (one row per picture, one column per label) of {@code n} pictures. */
    public float[][] probabilities(FloatBuffer batch, int n) {
        return model.runPictures(batch, n, shape);
    }

    /**
     * What the model says of {@code n} pictures.
     *
     * @param probabilities one row per picture, one column per label
     * @param unknownScores one per picture, higher = less like the training pictures; null when the model has none
     */
    public record Outputs(float[][] probabilities, float[] unknownScores) {
    }

    /** Probabilities and unknown scores of {@code n} pictures, in one run. */
    public Outputs classify(FloatBuffer batch, int n) {
        if (!scoresUnknown) {
            return new Outputs(probabilities(batch, n), null);
        }
        if (n < 1) {
            throw new IllegalArgumentException("need at least one picture, was " + n);
        }
        long[] batchShape = shape.clone();
        batchShape[0] = n;
        java.util.List<float[][]> outputs = model.runAll(batch, batchShape);
        float[][] scores = outputs.get(1);
        float[] unknownScores = new float[n];
        for (int i = 0; i < n; i++) {
            unknownScores[i] = scores[i][0];
        }
        return new Outputs(outputs.get(0), unknownScores);
    }

    public void warmUp(int batch) {
        model.warmUp(batch);
    }

    @Override
    public void close() {
        model.close();
    }
}
