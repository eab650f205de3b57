package io.sightline.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.Pretrained;
import io.sightline.onnx.Precision;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** sightline.trainer.pretrained: what the user says of a FILE.onnx backbone, checked at start-up. */
class TrainerConfigTest {

    private static TrainerConfig withPretrained(String pretrained) {
        return with(pretrained, 2);
    }

    private static TrainerConfig with(String pretrained, double recalibrateGrowth) {
        return new TrainerConfig("model.onnx", "cache", "cpu", 0, 8, 2, 0.2, -1, 2, 0.01, 100, false, 1,
                Duration.ofSeconds(10), true, 0.01, 0.05, "default", Duration.ofMinutes(5), TrainerConfig.ROLE_ALL,
                "fp32", 64, "minmax", 0.01, recalibrateGrowth, 0.05, pretrained, false, 1);
    }

    @Test
    void aRecalibrationGrowthBelowOneStopsTheStart() {
        assertEquals(1.0, with("", 1).recalibrateGrowth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> with("", 0.5));
        assertEquals("sightline.trainer.recalibrate-growth must be 1..1000, was 0.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> with("", Double.NaN));
        assertEquals(1000.0, with("", 1000).recalibrateGrowth());
        assertThrows(IllegalArgumentException.class, () -> with("", 1001));
    }

    @Test
    void theVersionOfTheRangesIsAModelVersionOrNothing() {
        assertEquals(null, PrecisionReport.fp32().rangesFromVersion());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PrecisionReport(
                Precision.INT8, Precision.INT8, "passed", 0.9, 0.9, 10, 8, "minmax", 0, 1.0));
        assertEquals("rangesFromVersion is a model version (1 or more), was 0", e.getMessage());
        assertTrue(new PrecisionReport(Precision.INT8, Precision.INT8, "passed", 0.9, 0.9, 10, 8, "minmax", null, 1.0)
                .summary().endsWith("minmax ranges from 8 training pictures; 1.0 s)"), "a record written before the "
                + "version was recorded still reads");
    }

    @Test
    void emptySaysNothingAndTrueOrFalseAreDeclarations() {
        assertNull(withPretrained("").pretrainedValue());
        assertEquals(Pretrained.TRUE, withPretrained("true").pretrainedValue());
        assertEquals(Pretrained.FALSE, withPretrained(" FALSE ").pretrainedValue());
    }

    @Test
    void anythingElseStopsTheStartWithTheKeysName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withPretrained("yes"));
        assertTrue(e.getMessage().contains("sightline.trainer.pretrained (SIGHTLINE_TRAINER_PRETRAINED)"), e.getMessage());
    }

    @Test
    void anInt8BackboneServesInt8WhateverWasRequested() {
        PrecisionReport report = PrecisionReport.int8Backbone(Precision.FP32, "resnet50-v1-12-int8");
        assertEquals(Precision.INT8, report.served());
        assertEquals("int8 (the backbone resnet50-v1-12-int8 is int8 itself)", report.summary());
    }
}
