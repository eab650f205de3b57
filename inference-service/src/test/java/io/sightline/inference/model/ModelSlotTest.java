package io.sightline.inference.model;

import io.sightline.contract.BackboneInfo;
import io.sightline.inference.TinyModels;
import io.sightline.inference.plan.PlanChoice;
import io.sightline.inference.plan.RunPlan;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSlotTest {

    static ServingModel serving(int version) {
        return serving(version, RunPlan.serial(8, 1), false);
    }

    /** The tiny model; with {@code narrow}, a second single-threaded session for overlapping runs. */
    static ServingModel serving(int version, RunPlan plan, boolean narrow) {
        ClassifierModel model = ClassifierModel.open(TinyModels.model(), SessionConfig.cpu().withIntraOpThreads(1));
        List<ClassifierModel> second = narrow
                ? List.of(ClassifierModel.open(TinyModels.model(), SessionConfig.cpu().withIntraOpThreads(1))) : List.of();
        return new ServingModel(model, second, new ModelInfo("default", version, model.labels(), ExecutionProvider.CPU,
                new BackboneInfo("b", "0", false), "sha", Instant.EPOCH, Precision.FP32, model.unknown(),
                PlanChoice.unmeasured(plan, PlanChoice.Basis.SETTINGS, "test")));
    }

    @Test
    void aSwappedOutModelClosesOnlyWhenItsLastBatchReleasesIt() {
        List<Integer> announced = new ArrayList<>();
        try (ModelSlot slot = new ModelSlot(info -> announced.add(info.version()))) {
            assertTrue(slot.acquire().isEmpty());
            ServingModel first = serving(1);
            slot.swap(first);
            ServingModel running = slot.acquire().orElseThrow();
            assertEquals(2, first.references());

            ServingModel second = serving(2);
            slot.swap(second);
            assertEquals(2, slot.servingVersion());
            assertFalse(first.isClosed(), "a batch still runs on version 1");
            int crop = first.model().preprocessing().crop();
            var input = ByteBuffer.allocateDirect(3 * crop * crop * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
            assertEquals(3, running.model().probabilities(input, 1)[0].length, "version 1 still answers");
            running.release();
            assertTrue(first.isClosed());
            assertThrows(RuntimeException.class, () -> first.model().probabilities(input, 1), "its session is closed");

            assertEquals(2, slot.acquire().map(m -> {
                m.release();
                return m.version();
            }).orElseThrow());
            assertEquals(List.of(1, 2), announced);
        }
    }

    @Test
    void releasingTooOftenIsAnError() {
        ServingModel model = serving(1);
        model.release();
        assertThrows(IllegalStateException.class, model::release);
    }
}
