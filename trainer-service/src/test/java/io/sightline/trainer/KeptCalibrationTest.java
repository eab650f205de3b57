package io.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.quant.CalibrationMethod;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** When the int8 backbone of an earlier calibration is reused, and when a training calibrates again. */
class KeptCalibrationTest {
    private static final ModelProto GRAPH = ModelProto.newBuilder().setProducerName("test").build();
    private static final List<String> LABELS = List.of("cat", "dog");
    /** The ten pictures the kept ranges were taken on. */
    private static final List<String> OBSERVED = ids(0, 10);

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "picture-" + i).toList();
    }

    private static KeptCalibration.Ranges rangesOn(int trainPictures) {
        return new KeptCalibration.Ranges(GRAPH, 3, Set.copyOf(LABELS), Set.copyOf(OBSERVED), trainPictures,
                CalibrationMethod.MINMAX);
    }

    private static KeptCalibration keeping(KeptCalibration.Ranges ranges) {
        KeptCalibration kept = new KeptCalibration(2);
        kept.settle(ranges, true);
        return kept;
    }

    @Test
    void nothingIsReusedBeforeAModelPassedTheGate() {
        KeptCalibration kept = new KeptCalibration(2);
        assertTrue(kept.reusableFor(LABELS, OBSERVED, 100, CalibrationMethod.MINMAX).isEmpty());
        kept.settle(rangesOn(100), false);
        assertTrue(kept.reusableFor(LABELS, OBSERVED, 100, CalibrationMethod.MINMAX).isEmpty(), "failed: not kept");
    }

    @Test
    void theSameLabelsInAnyOrderHalfThePicturesAndASetGrownLessThanTwiceReuseIt() {
        KeptCalibration.Ranges ranges = rangesOn(100);
        KeptCalibration kept = keeping(ranges);
        assertEquals(Optional.of(ranges), kept.reusableFor(List.of("dog", "cat"), OBSERVED, 100, CalibrationMethod.MINMAX));
        assertEquals(Optional.of(ranges), kept.reusableFor(LABELS, ids(5, 15), 199, CalibrationMethod.MINMAX),
                "five of the ten pictures still in the calibration set, the set grown 1.99 times");
    }

    @Test
    void fewerThanHalfThePicturesASetGrownTwiceAnotherLabelOrAnotherMethodCalibrateAgain() {
        KeptCalibration kept = keeping(rangesOn(100));
        assertTrue(kept.reusableFor(LABELS, ids(6, 16), 100, CalibrationMethod.MINMAX).isEmpty(),
                "four of ten: the pictures were replaced");
        assertTrue(kept.reusableFor(LABELS, OBSERVED, 200, CalibrationMethod.MINMAX).isEmpty());
        assertTrue(kept.reusableFor(List.of("cat", "dog", "bird"), OBSERVED, 100, CalibrationMethod.MINMAX).isEmpty());
        assertTrue(kept.reusableFor(List.of("cat"), OBSERVED, 100, CalibrationMethod.MINMAX).isEmpty());
        assertTrue(kept.reusableFor(LABELS, OBSERVED, 100, CalibrationMethod.PERCENTILE).isEmpty());
    }

    @Test
    void growthOneCalibratesForEveryTrainingAndKeepsNothing() {
        KeptCalibration kept = new KeptCalibration(1);
        kept.settle(rangesOn(100), true);
        assertTrue(kept.reusableFor(LABELS, OBSERVED, 10, CalibrationMethod.MINMAX).isEmpty(),
                "not even for a smaller set: nothing is kept");
        assertThrows(IllegalArgumentException.class, () -> new KeptCalibration(0.5));
    }

    @Test
    void rangesWhoseModelFailedTheGateAreDroppedUnlessNewerOnesReplacedThem() {
        KeptCalibration.Ranges failed = rangesOn(100);
        KeptCalibration kept = keeping(failed);
        kept.settle(failed, false);
        assertTrue(kept.reusableFor(LABELS, OBSERVED, 100, CalibrationMethod.MINMAX).isEmpty());

        KeptCalibration.Ranges older = rangesOn(100);
        KeptCalibration.Ranges newer = rangesOn(120);
        kept.settle(older, true);
        kept.settle(newer, true);
        kept.settle(older, false);
        assertEquals(Optional.of(newer), kept.reusableFor(LABELS, OBSERVED, 120, CalibrationMethod.MINMAX));
    }

    @Test
    void rangesNeedTheirPicturesAndAVersion() {
        assertThrows(IllegalArgumentException.class, () -> new KeptCalibration.Ranges(GRAPH, 3, Set.copyOf(LABELS),
                Set.of(), 100, CalibrationMethod.MINMAX));
        assertThrows(IllegalArgumentException.class, () -> new KeptCalibration.Ranges(GRAPH, 0, Set.copyOf(LABELS),
                Set.copyOf(OBSERVED), 100, CalibrationMethod.MINMAX));
        assertThrows(IllegalArgumentException.class, () -> new KeptCalibration.Ranges(GRAPH, 3, Set.copyOf(LABELS),
                Set.copyOf(OBSERVED), 5, CalibrationMethod.MINMAX), "more pictures observed than trained on");
        assertEquals(OBSERVED.stream().collect(Collectors.toSet()), rangesOn(100).pictures());
    }
}
