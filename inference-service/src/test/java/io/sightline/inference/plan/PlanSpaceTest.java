package io.sightline.inference.plan;

import io.sightline.onnx.ExecutionProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The candidates the settings give on each machine shape. */
class PlanSpaceTest {

    private static List<String> shapes(PlanSpace space) {
        return space.shapes().stream().map(s -> s.parallelRuns() + "x" + s.threadsPerRun()).toList();
    }

    @Test
    void byDefaultEveryEvenSplitOfTheThreadsIntoOneToFourRuns() {
        PlanConfig defaults = PlanConfig.defaults();
        assertEquals(List.of("1x2", "2x1"), shapes(PlanSpace.of(defaults, ExecutionProvider.CPU, 2, 0, 0)));
        assertEquals(List.of("1x8", "2x4", "4x2"), shapes(PlanSpace.of(defaults, ExecutionProvider.CPU, 8, 0, 0)));
        assertEquals(List.of("1x6", "2x3", "3x2"), shapes(PlanSpace.of(defaults, ExecutionProvider.CPU, 6, 0, 0)));
        assertEquals(List.of("1x1"), shapes(PlanSpace.of(defaults, ExecutionProvider.CPU, 1, 0, 0)));
        PlanSpace twoCores = PlanSpace.of(defaults, ExecutionProvider.CPU, 2, 0, 0);
        assertEquals(List.of(1, 4, 8, 16), twoCores.batchSizes());
        assertEquals(8, twoCores.firstBatch());
        assertEquals(16, twoCores.largestBatch());
        assertEquals(5, twoCores.measuredCount());
        assertEquals(new RunPlan(16, 2, 1), twoCores.rule());
    }

    @Test
    void cudaChoosesOnlyTheBatchSizeUpToItsLargerDefault() {
        PlanSpace cuda = PlanSpace.of(PlanConfig.defaults(), ExecutionProvider.CUDA, 8, 0, 0);
        assertEquals(List.of("1x8"), shapes(cuda));
        assertEquals(List.of(1, 16, 32, 64), cuda.batchSizes());
    }

    @Test
    void parallelRunsAndMaxBatchBoundTheCandidates() {
        PlanSpace pinned = PlanSpace.of(new PlanConfig(3, null, List.of(2, 8, 32)), ExecutionProvider.CPU, 4, 8, 2);
        assertEquals(List.of("2x2"), shapes(pinned));
        assertEquals(List.of(2, 8), pinned.batchSizes(), "32 is above max-batch");
        assertEquals(List.of(8), PlanSpace.of(new PlanConfig(3, null, List.of(32)), ExecutionProvider.CPU, 4, 8, 0)
                .batchSizes(), "nothing left: max-batch itself");
    }

    @Test
    void configuredCandidatesAreCheckedAndContainsKnowsThem() {
        PlanSpace space = PlanSpace.of(new PlanConfig(3, List.of("1x4", "4x1", " 2X2 "), List.of(4)), ExecutionProvider.CPU, 4, 0, 0);
        assertEquals(List.of("1x4", "4x1", "2x2"), shapes(space));
        assertTrue(space.contains(new RunPlan(4, 2, 2)));
        assertFalse(space.contains(new RunPlan(8, 2, 2)));
        assertFalse(space.contains(new RunPlan(4, 3, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> PlanSpace.of(new PlanConfig(3, List.of("1x2"), null), ExecutionProvider.CPU, 4, 0, 0),
                "1x2 is not the 4-thread wide session");
        for (String bad : List.of("2", "x2", "2x", "0x1", "17x1", "2x1x1", "a".repeat(200))) {
            assertThrows(IllegalArgumentException.class, () -> new PlanConfig(3, List.of(bad), null), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new PlanConfig(-1, null, null));
        assertThrows(IllegalArgumentException.class, () -> new PlanConfig(3, null, List.of(0)));
        assertThrows(IllegalArgumentException.class, () -> new PlanConfig(3, null, java.util.Collections.nCopies(17, 4)));
    }
}
