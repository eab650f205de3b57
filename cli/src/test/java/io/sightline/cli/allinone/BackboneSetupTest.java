package io.sightline.cli.allinone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sightline.contract.Pretrained;
import io.sightline.image.Preprocessing;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.BackboneResolver;
import io.sightline.onnx.Precision;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the command line hands the all-in-one services about the backbone it resolved. */
class BackboneSetupTest {

    private static Backbone backbone(String id, Pretrained pretrained, Precision precision) {
        return new Backbone(id, Path.of("x.onnx"), "ab".repeat(32), pretrained, 8, Preprocessing.imagenet(), precision);
    }

    @Test
    void aFileBackbonesDeclaredProvenanceReachesTheTrainer() {
        assertEquals(Map.of("sightline.trainer.pretrained", "true"),
                BackboneSetup.trainerProperties(backbone("file-0123456789ab", Pretrained.TRUE, Precision.FP32)));
        assertEquals(Map.of("sightline.trainer.pretrained", "false"),
                BackboneSetup.trainerProperties(backbone("file-0123456789ab", Pretrained.FALSE, Precision.FP32)));
        assertEquals(Map.of(), BackboneSetup.trainerProperties(backbone("file-0123456789ab", Pretrained.UNKNOWN, Precision.FP32)),
                "unknown is the trainer's own answer too");
        assertEquals(Map.of(), BackboneSetup.trainerProperties(backbone(BackboneResolver.GENERATED_ID, Pretrained.FALSE,
                Precision.FP32)), "a named backbone is known: a fallback from resnet50 must not carry a declaration");
    }

    @Test
    void theServicesLoadWhatWasResolved() {
        assertEquals(BackboneResolver.RESNET50_INT8, BackboneSetup.specFor(
                backbone(BackboneResolver.RESNET50_INT8_ID, Pretrained.TRUE, Precision.INT8), "resnet50-int8"));
        assertEquals(BackboneResolver.GENERATED, BackboneSetup.specFor(
                backbone(BackboneResolver.GENERATED_ID, Pretrained.FALSE, Precision.FP32), "resnet50-int8"),
                "offline, the fallback");
        assertEquals("/models/mine.onnx", BackboneSetup.specFor(
                backbone("file-0123456789ab", Pretrained.UNKNOWN, Precision.FP32), "/models/mine.onnx"));
    }
}
