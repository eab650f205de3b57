package io.sightline.inference;

import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.TensorBatch;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.SessionConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The test model tells the three colours apart (the service tests rely on it). */
class ModelFixtureTest {

    @Test
    void theTinyModelKnowsItsColours() {
        try (ClassifierModel model = ClassifierModel.open(TinyModels.model(), SessionConfig.cpu().withIntraOpThreads(1))) {
            assertEquals(TinyModels.LABELS, model.labels());
            ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), model.preprocessing());
            TensorBatch batch = new TensorBatch(model.preprocessing(), 3);
            for (int i = 0; i < 3; i++) {
                pipeline.decodeInto(TinyModels.picture(TinyModels.LABELS.get(i), 77 + i), "p" + i, batch, i);
            }
            float[][] probabilities = model.probabilities(batch.buffer(), 3);
            for (int i = 0; i < 3; i++) {
                int best = 0;
                for (int c = 1; c < 3; c++) {
                    if (probabilities[i][c] > probabilities[i][best]) {
                        best = c;
                    }
                }
                assertEquals(i, best, "picture of " + TinyModels.LABELS.get(i));
            }
        }
    }
}
