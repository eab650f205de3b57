package io.sightline.onnx;

import io.sightline.image.Preprocessing;
import java.nio.FloatBuffer;

/** Runs a {@link Backbone}: pictures (NCHW float 0..1) in, feature vectors out. Owns its session. */
public final class FeatureExtractor implements AutoCloseable {
    private final Backbone backbone;
    private final OnnxModel model;
    private final long[] shape;

    private FeatureExtractor(Backbone backbone, OnnxModel model) {
        this.backbone = backbone;
        this.model = model;
        int crop = backbone.preprocessing().crop();
        this.shape = new long[] {0, 3, crop, crop};
    }

    public static FeatureExtractor open(Backbone backbone, SessionConfig config) {
        return new FeatureExtractor(backbone, OnnxSessions.open(backbone.onnxFile(), config));
    }

    public Backbone backbone() {
        return backbone;
    }

    public Preprocessing preprocessing() {
        return backbone.preprocessing();
    }

    public int dimension() {
        return backbone.featureDimension();
    }

    public ExecutionProvider provider() {
        return model.provider();
    }

    /**
     * Features of {@code n} pictures laid out one after the other from the buffer's position
     * ({@code n * 3 * crop * crop} floats; a direct native-order buffer avoids a copy).
     */
    public float[][] extract(FloatBuffer batch, int n) {
        return model.runPictures(batch, n, shape);
    }

    public void warmUp(int batch) {
        model.warmUp(batch);
    }

    OnnxModel model() {
        return model;
    }

    @Override
    public void close() {
        model.close();
    }
}
