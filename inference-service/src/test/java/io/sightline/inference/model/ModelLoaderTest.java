package io.sightline.inference.model;

import io.sightline.contract.ImageIds;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ObjectRef;
import io.sightline.inference.TinyModels;
import io.sightline.inference.plan.PlanChoice;
import io.sightline.inference.plan.PlanConfig;
import io.sightline.inference.plan.PlanFigure;
import io.sightline.inference.plan.PlanSpace;
import io.sightline.inference.plan.RunPlan;
import io.sightline.inference.plan.RunPlanner;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ModelHandover;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLoaderTest {
    private final ObjectStore store = TestInfra.get().newStore();
    private final ModelLoader loader = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(1),
            RunPlanner.fixed(RunPlan.serial(4, 1)), Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

    private ModelPublished stored(String sha256, List<String> labels) {
        return stored(TinyModels.model(), sha256, labels);
    }

    private ModelPublished stored(byte[] bytes, String sha256, List<String> labels) {
        store.put("models/default/1/model.onnx", bytes, "application/octet-stream");
        ModelPublished good = ModelUpdaterTest.event("default", 1);
        return new ModelPublished("default", 1, new ObjectRef(store.bucket(), "models/default/1/model.onnx"),
                sha256 == null ? ImageIds.sha256Hex(bytes) : sha256, labels, good.backbone(), good.metrics(),
                good.trainedOn(), good.createdAt());
    }

    @Test
    void aVerifiedModelLoadsWithItsInfo() {
        ServingModel model = loader.load(stored(null, TinyModels.LABELS));
        try {
            assertEquals(1, model.version());
            assertEquals(TinyModels.LABELS, model.info().labels());
            assertEquals(ExecutionProvider.CPU, model.info().provider());
            assertEquals(Instant.parse("2026-01-02T03:04:05Z"), model.info().loadedAt());
        } finally {
            model.release();
        }
    }

    /**
     * A model handed over by the trainer of the same process is loaded without reading S3 (its object there is then
     * another model); a handed-over model whose SHA-256 is not the event's is not used: the event's, from S3, is.
     */
    @Test
    void aModelHandedOverIsLoadedWithoutS3AndOnlyIfItIsTheEventsModel() {
        ModelPublished event = stored(TinyModels.model(), null, TinyModels.LABELS);
        store.put("models/default/1/model.onnx", TinyModels.int8Model(), "application/octet-stream");
        ModelHandover handover = new ModelHandover();
        ModelLoader sharing = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(1),
                RunPlanner.fixed(RunPlan.serial(4, 1)), Clock.systemUTC(), handover);

        handover.offer(event.sha256(), TinyModels.model());
        ServingModel model = sharing.load(event);
        try {
            assertEquals(Precision.FP32, model.info().precision(), "the handed-over model, not the object in S3");
        } finally {
            model.release();
        }
        assertTrue(handover.take(event.sha256()).isEmpty(), "taken");

        store.put("models/default/1/model.onnx", TinyModels.model(), "application/octet-stream");
        handover.offer(ImageIds.sha256Hex(TinyModels.int8Model()), TinyModels.int8Model());
        ServingModel fromS3 = sharing.load(event);
        try {
            assertEquals(Precision.FP32, fromS3.info().precision(), "another model's bytes were not taken: S3's object was");
        } finally {
            fromS3.release();
        }
    }

    @Test
    void anInt8ModelLoadsAndSaysSo() {
        assertEquals(Precision.FP32, loadedPrecision(TinyModels.model()));
        assertEquals(Precision.INT8, loadedPrecision(TinyModels.int8Model()));
    }

    private Precision loadedPrecision(byte[] bytes) {
        ServingModel model = loader.load(stored(bytes, null, TinyModels.LABELS));
        try {
            return model.info().precision();
        } finally {
            model.release();
        }
    }

    @Test
    void parallelRunsOnCpuGetASecondNarrowSessionAndOneRunAtATimeDoesNot() {
        ModelLoader parallel = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(2),
                RunPlanner.fixed(new RunPlan(4, 2, 1)), Clock.systemUTC());
        ServingModel twoRuns = parallel.load(stored(null, TinyModels.LABELS));
        ServingModel oneRun = loader.load(stored(null, TinyModels.LABELS));
        try {
            assertEquals(new RunPlan(4, 2, 1), twoRuns.plan());
            assertEquals(PlanChoice.Basis.SETTINGS, twoRuns.info().runPlan().basis());
            assertNotSame(twoRuns.sessionFor(true, 0), twoRuns.sessionFor(false, 0));
            assertSame(twoRuns.sessionFor(false, 0), twoRuns.sessionFor(false, 1), "single-threaded runs share one session");
            assertSame(twoRuns.model(), twoRuns.sessionFor(true, 1));
            assertSame(oneRun.sessionFor(true, 0), oneRun.sessionFor(false, 0));
        } finally {
            twoRuns.release();
            oneRun.release();
        }
        assertTrue(twoRuns.isClosed());
    }

    @Test
    void runsOfSeveralThreadsBesideOthersGetASessionEach() {
        ModelLoader parallel = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(4),
                RunPlanner.fixed(new RunPlan(2, 2, 2)), Clock.systemUTC());
        ServingModel model = parallel.load(stored(null, TinyModels.LABELS));
        try {
            assertNotSame(model.sessionFor(false, 0), model.sessionFor(false, 1));
            assertNotSame(model.model(), model.sessionFor(false, 0));
            assertSame(model.sessionFor(false, 0), model.sessionFor(false, 2));
        } finally {
            model.release();
        }
    }

    @Test
    void theLoaderMeasuresThePlansAndServesWithTheFastest() {
        PlanSpace space = PlanSpace.of(new PlanConfig(0.4, List.of("1x2", "2x1"), List.of(1, 4)), ExecutionProvider.CPU,
                2, 4, 0);
        ModelLoader measuring = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(2),
                new RunPlanner(provider -> space, Duration.ofMillis(400), Clock.systemUTC()), Clock.systemUTC());
        ServingModel model = measuring.load(stored(null, TinyModels.LABELS));
        try {
            PlanChoice choice = model.info().runPlan();
            assertEquals(PlanChoice.Basis.MEASUREMENT, choice.basis());
            assertEquals(space.measuredCount(), choice.candidates().size());
            assertTrue(space.contains(choice.plan()), choice.describe());
            assertEquals(choice.plan(), model.plan());
            assertEquals(1, choice.measuredOnVersion());
            double fastest = choice.candidates().stream().mapToDouble(PlanFigure::imagesPerSecond).max().orElseThrow();
            assertEquals(fastest, choice.imagesPerSecond());
            for (int runner = 0; runner < model.plan().parallelRuns(); runner++) {
                for (boolean alone : new boolean[] {true, false}) {
                    assertEquals(3, model.sessionFor(alone, runner).classify(grey(model, model.plan().batchSize()),
                            model.plan().batchSize()).probabilities()[0].length, "serves with the chosen plan's sessions");
                }
            }
        } finally {
            model.release();
        }
        assertTrue(model.isClosed());
    }

    private static java.nio.FloatBuffer grey(ServingModel model, int pictures) {
        int values = pictures * model.model().preprocessing().valuesPerImage();
        java.nio.FloatBuffer buffer = java.nio.ByteBuffer.allocateDirect(values * Float.BYTES)
                .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < values; i++) {
            buffer.put(i, 0.5f);
        }
        return buffer;
    }

    @Test
    void aChecksumMismatchIsRefused() {
        ModelRefusedException refused = assertThrows(ModelRefusedException.class,
                () -> loader.load(stored("00".repeat(32), TinyModels.LABELS)));
        assertTrue(refused.getMessage().contains("SHA-256"), refused.getMessage());
    }

    @Test
    void labelsThatDifferFromTheEventAreRefused() {
        assertThrows(ModelRefusedException.class, () -> loader.load(stored(null, List.of("cat", "dog", "bird"))));
    }

    @Test
    void aMissingArtifactIsAStorageProblemNotARefusal() {
        ModelPublished event = ModelUpdaterTest.event("default", 7);
        ModelPublished missing = new ModelPublished("default", 7, new ObjectRef(store.bucket(), "models/none"),
                event.sha256(), event.labels(), event.backbone(), event.metrics(), event.trainedOn(), event.createdAt());
        assertThrows(ObjectMissingException.class, () -> loader.load(missing));
    }
}
