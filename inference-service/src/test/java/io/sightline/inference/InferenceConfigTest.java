package io.sightline.inference;

import io.micronaut.context.ApplicationContext;
import io.sightline.inference.model.RunPlan;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.testing.TestInfra;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The inference settings as Micronaut binds them: defaults from application.yml, and the run plan per provider. */
class InferenceConfigTest {

    /** Binds on the shared test broker and S3 (the context's bootstrap beans need them); no request loop. */
    private static InferenceConfig bind(Map<String, Object> overrides) {
        TestInfra infra = TestInfra.get();
        Map<String, Object> properties = new HashMap<>(infra.micronautProperties(infra.uniquePrefix(), infra.uniqueBucket()));
        properties.put("sightline.inference.kafka-enabled", false);
        properties.putAll(overrides);
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            return context.getBean(InferenceConfig.class);
        }
    }

    @Test
    void byDefaultCpuRunsOnePerCoreUpToFourAndCudaOneAtATime() {
        InferenceConfig config = bind(Map.of());
        int cores = Runtime.getRuntime().availableProcessors();
        int cpuRuns = Math.min(InferenceConfig.MAX_AUTO_CPU_RUNS, cores);
        assertEquals(new RunPlan(InferenceConfig.CPU_BATCH, cpuRuns), config.planFor(ExecutionProvider.CPU));
        assertEquals(new RunPlan(InferenceConfig.CUDA_BATCH, 1), config.planFor(ExecutionProvider.CUDA));
        assertEquals(cpuRuns, config.maxParallelRuns());
    }

    @Test
    void configuredBatchAndRunsApplyToEveryProvider() {
        InferenceConfig config = bind(Map.of("sightline.inference.max-batch", 4, "sightline.inference.parallel-runs", 3));
        assertEquals(new RunPlan(4, 3), config.planFor(ExecutionProvider.CPU));
        assertEquals(new RunPlan(4, 3), config.planFor(ExecutionProvider.CUDA));
        assertEquals(3, config.maxParallelRuns());
    }

    @Test
    void negativeRunsAreRefused() {
        assertThrows(RuntimeException.class, () -> bind(Map.of("sightline.inference.parallel-runs", -1)));
    }
}
