package io.sightline.onnx;

import io.sightline.contract.BackboneInfo;
import io.sightline.image.Preprocessing;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs an end-to-end model ({@code pixels} → {@code probabilities}) with the labels, preprocessing
 * and backbone it records in its metadata. Owns its session.
 */
public final class ClassifierModel implements AutoCloseable {
    private final OnnxModel model;
    private final ModelMetadata metadata;
    private final long[] shape;

    private ClassifierModel(OnnxModel model) {
        this.model = model;
        try {
            this.metadata = ModelMetadata.read(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
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

    public ExecutionProvider provider() {
        return model.provider();
    }

    /** Probabilities (one row per picture, one column per label) of {@code n} pictures. */
    public float[][] probabilities(FloatBuffer batch, int n) {
        return model.runPictures(batch, n, shape);
    }

    public void warmUp(int batch) {
        model.warmUp(batch);
    }

    @Override
    public void close() {
        model.close();
    }
}
