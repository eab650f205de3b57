package io.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.quant.CalibrationMethod;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When the int8 backbone of an earlier calibration is reused, and when a training calibrates again. */
class QuantizedBackboneTest {
    private static final ModelProto GRAPH = ModelProto.newBuilder().setProducerName("test").build();

    private static QuantizedBackbone.Calibrated calibratedOn(int trainPictures) {
        return new QuantizedBackbone.Calibrated(GRAPH, 3, Set.of("cat", "dog"), trainPictures, 64,
                CalibrationMethod.MINMAX);
    }

    @Test
    void nothingIsReusedBeforeTheFirstCalibration() {
        assertTrue(new QuantizedBackbone(2).reusableFor(List.of("cat", "dog"), 100, CalibrationMethod.MINMAX).isEmpty());
    }

    @Test
    void theSameLabelsInAnyOrderAndASetGrownLessThanTwiceReuseIt() {
        QuantizedBackbone kept = new QuantizedBackbone(2);
        QuantizedBackbone.Calibrated calibrated = calibratedOn(100);
        kept.keep(calibrated);
        assertEquals(Optional.of(calibrated), kept.reusableFor(List.of("dog", "cat"), 100, CalibrationMethod.MINMAX));
        assertEquals(Optional.of(calibrated), kept.reusableFor(List.of("cat", "dog"), 199, CalibrationMethod.MINMAX));
        assertEquals(Optional.of(calibrated), kept.reusableFor(List.of("cat", "dog"), 40, CalibrationMethod.MINMAX),
                "pictures removed: the ranges still cover what is left");
    }

    @Test
    void aSetGrownToTwiceItsSizeAnotherLabelOrAnotherMethodCalibratesAgain() {
        QuantizedBackbone kept = new QuantizedBackbone(2);
        kept.keep(calibratedOn(100));
        assertTrue(kept.reusableFor(List.of("cat", "dog"), 200, CalibrationMethod.MINMAX).isEmpty());
        assertTrue(kept.reusableFor(List.of("cat", "dog", "bird"), 100, CalibrationMethod.MINMAX).isEmpty());
        assertTrue(kept.reusableFor(List.of("cat"), 100, CalibrationMethod.MINMAX).isEmpty());
        assertTrue(kept.reusableFor(List.of("cat", "dog"), 100, CalibrationMethod.PERCENTILE).isEmpty());
    }

    @Test
    void growthOneCalibratesForEveryTraining() {
        QuantizedBackbone kept = new QuantizedBackbone(1);
        kept.keep(calibratedOn(100));
        assertTrue(kept.reusableFor(List.of("cat", "dog"), 100, CalibrationMethod.MINMAX).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new QuantizedBackbone(0.5));
    }

    @Test
    void aCalibrationWhoseModelFailedTheGateIsDroppedUnlessANewerOneReplacedIt() {
        QuantizedBackbone kept = new QuantizedBackbone(2);
        QuantizedBackbone.Calibrated failed = calibratedOn(100);
        kept.keep(failed);
        kept.drop(failed);
        assertTrue(kept.reusableFor(List.of("cat", "dog"), 100, CalibrationMethod.MINMAX).isEmpty());

        QuantizedBackbone.Calibrated older = calibratedOn(100);
        QuantizedBackbone.Calibrated newer = calibratedOn(120);
        kept.keep(older);
        kept.keep(newer);
        kept.drop(older);
        assertEquals(Optional.of(newer), kept.reusableFor(List.of("cat", "dog"), 120, CalibrationMethod.MINMAX));
    }
}
