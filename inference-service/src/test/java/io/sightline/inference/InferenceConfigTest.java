package io.sightline.inference;

import io.micronaut.context.ApplicationContext;
import io.sightline.inference.plan.PlanConfig;
import io.sightline.inference.plan.PlanSpace;
import io.sightline.inference.plan.RunPlan;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.testing.TestInfra;
import java.util.HashMap;
import java.util.List;
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
    void byDefaultTheRuleRunsOnePerCoreUpToFourOnCpuAndCudaOneAtATime() {
        InferenceConfig config = bind(Map.of());
        int cores = Runtime.getRuntime().availableProcessors();
        int cpuRuns = Math.min(PlanSpace.MAX_AUTO_CPU_RUNS, cores);
        assertEquals(new RunPlan(PlanSpace.CPU_BATCH, cpuRuns, cpuRuns == 1 ? cores : Math.max(1, cores / cpuRuns)),
                config.planSpace(PlanConfig.defaults(), ExecutionProvider.CPU).rule());
        assertEquals(new RunPlan(PlanSpace.CUDA_BATCH, 1, cores), config.planSpace(PlanConfig.defaults(), ExecutionProvider.CUDA).rule());
        assertEquals(cpuRuns, config.maxParallelRuns(PlanConfig.defaults()));
    }

    @Test
    void configuredBatchAndRunsApplyToEveryProvider() {
        InferenceConfig config = bind(Map.of("sightline.inference.max-batch", 4, "sightline.inference.parallel-runs", 3,
                "sightline.inference.intra-op-threads", 6));
        assertEquals(new RunPlan(4, 3, 2), config.planSpace(PlanConfig.defaults(), ExecutionProvider.CPU).rule());
        assertEquals(new RunPlan(4, 3, 2), config.planSpace(PlanConfig.defaults(), ExecutionProvider.CUDA).rule());
        assertEquals(3, config.maxParallelRuns(PlanConfig.defaults()));
    }

    @Test
    void thePlanSettingsBindAndTheirCandidatesSetTheRunnerCount() {
        TestInfra infra = TestInfra.get();
        Map<String, Object> properties = new HashMap<>(infra.micronautProperties(infra.uniquePrefix(), infra.uniqueBucket()));
        properties.put("sightline.inference.kafka-enabled", false);
        properties.put("sightline.inference.intra-op-threads", 6);
        properties.put("sightline.inference.plan.measure-seconds", 1.5);
        properties.put("sightline.inference.plan.candidates", "1x6,3x2,6x1");
        properties.put("sightline.inference.plan.batch-sizes", "2,8");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            PlanConfig plan = context.getBean(PlanConfig.class);
            assertEquals(1.5, plan.measureSeconds());
            PlanSpace space = context.getBean(InferenceConfig.class).planSpace(plan, ExecutionProvider.CPU);
            assertEquals(List.of(new RunPlan(1, 1, 6), new RunPlan(1, 3, 2), new RunPlan(1, 6, 1)), space.shapes());
            assertEquals(List.of(2, 8), space.batchSizes());
            assertEquals(6, context.getBean(InferenceConfig.class).maxParallelRuns(plan));
        }
    }

    @Test
    void aMalformedCandidateIsRefusedAtStart() {
        assertThrows(RuntimeException.class, () -> bind(Map.of("sightline.inference.plan.candidates", "2by1")));
    }

    @Test
    void negativeRunsAreRefused() {
        assertThrows(RuntimeException.class, () -> bind(Map.of("sightline.inference.parallel-runs", -1)));
    }
}
