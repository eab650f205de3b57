package io.sightline.cli.bench;

import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.Preprocessing;
import io.sightline.image.TensorBatch;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.SessionConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;

/**
 * The int8 model against the fp32 one on {@link #PICTURES} bench pictures (photo-like 640x480 JPEGs, other
 * seeds than calibration's). The bench's head is random, so no picture has a true label: the fp32 model's own
 * top-1 answer is the reference ({@code fp32} = 1 by definition) and {@code int8} is the share of pictures on
 * which the int8 model gives the same top-1 class; the features (the head's input) are compared too.
 * With a random head of small weights the classes are close, so agreement is a pessimistic measure; the
 * trainer's int8 gate measures real test accuracy.
 */
final class Int8Agreement {
    static final int PICTURES = 64;
    static final int CHUNK = 8;
    static final long FIRST_SEED = 7000;
    static final String BASIS = "top-1 agreement with the fp32 model (fp32 = 1 by definition): the bench's head is "
            + "random, so there are no true labels";

    private final SessionConfig session;

    Int8Agreement(SessionConfig session) {
        this.session = session;
    }

    BenchResult.Int8Accuracy measure(BenchModel fp32, byte[] int8Backbone, Progress progress) {
        progress.line("int8: agreement with fp32 on " + PICTURES + " pictures");
        Preprocessing preprocessing = fp32.backbone().preprocessing();
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), preprocessing);
        TensorBatch batch = new TensorBatch(preprocessing, CHUNK);
        Tally tally = new Tally();
        try (OnnxModel fp32Backbone = OnnxSessions.open(read(fp32), session);
                OnnxModel int8 = OnnxSessions.open(int8Backbone, session);
                OnnxModel head = OnnxSessions.open(fp32.head(), session)) {
            for (int first = 0; first < PICTURES; first += CHUNK) {
                int n = Math.min(CHUNK, PICTURES - first);
                for (int i = 0; i < n; i++) {
                    pipeline.decodeInto(SamplePictures.jpeg(640, 480, FIRST_SEED + first + i).bytes(), "agreement-" + i, batch, i);
                }
                float[][] a = fp32Backbone.run(batch.slice(n), batch.shape(n));
                float[][] b = int8.run(batch.slice(n), batch.shape(n));
                tally.add(a, b, head.run(rows(a), new long[] {n, a[0].length}),
                        head.run(rows(b), new long[] {n, b[0].length}));
            }
        }
        return tally.result();
    }

    /** The rows one after the other, as the head's input. */
    static FloatBuffer rows(float[][] rows) {
        FloatBuffer buffer = FloatBuffer.allocate(rows.length * rows[0].length);
        for (float[] row : rows) {
            buffer.put(row);
        }
        return buffer.flip();
    }

    private static byte[] read(BenchModel model) {
        try {
            return Files.readAllBytes(model.backbone().onnxFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model.backbone().onnxFile(), e);
        }
    }

    /** Agreements and feature distances, summed over the chunks. */
    static final class Tally {
        private int pictures;
        private int agreeing;
        private double cosine;
        private double relativeDistance;

        void add(float[][] fp32Features, float[][] int8Features, float[][] fp32Probabilities, float[][] int8Probabilities) {
            for (int i = 0; i < fp32Features.length; i++) {
                pictures++;
                agreeing += argmax(fp32Probabilities[i]) == argmax(int8Probabilities[i]) ? 1 : 0;
                double dot = 0;
                double a2 = 0;
                double b2 = 0;
                double d2 = 0;
                for (int d = 0; d < fp32Features[i].length; d++) {
                    double a = fp32Features[i][d];
                    double b = int8Features[i][d];
                    dot += a * b;
                    a2 += a * a;
                    b2 += b * b;
                    d2 += (a - b) * (a - b);
                }
                cosine += a2 == 0 || b2 == 0 ? (a2 == b2 ? 1 : 0) : dot / Math.sqrt(a2 * b2);
                relativeDistance += a2 == 0 ? Math.sqrt(d2) : Math.sqrt(d2 / a2);
            }
        }

        BenchResult.Int8Accuracy result() {
            if (pictures == 0) {
                throw new IllegalStateException("no picture compared");
            }
            return new BenchResult.Int8Accuracy(Rate.round((double) agreeing / pictures, 4), 1.0, pictures, BASIS,
                    Rate.round(cosine / pictures, 4), Rate.round(relativeDistance / pictures, 4));
        }

        private static int argmax(float[] values) {
            int best = 0;
            for (int i = 1; i < values.length; i++) {
                if (values[i] > values[best]) {
                    best = i;
                }
            }
            return best;
        }
    }
}
