package io.sightline.inference.model;

import io.sightline.contract.ImageIds;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ObjectRef;
import io.sightline.inference.TinyModels;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ObjectMissingException;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.time.Clock;
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
    private final ModelLoader loader = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(1), p -> RunPlan.serial(4),
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

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
        ModelLoader parallel = new ModelLoader(store, SessionConfig.cpu().withIntraOpThreads(2), p -> new RunPlan(4, 2),
                Clock.systemUTC());
        ServingModel twoRuns = parallel.load(stored(null, TinyModels.LABELS));
        ServingModel oneRun = loader.load(stored(null, TinyModels.LABELS));
        try {
            assertEquals(new RunPlan(4, 2), twoRuns.plan());
            assertNotSame(twoRuns.sessionFor(true), twoRuns.sessionFor(false));
            assertSame(twoRuns.model(), twoRuns.sessionFor(true));
            assertSame(oneRun.sessionFor(true), oneRun.sessionFor(false));
        } finally {
            twoRuns.release();
            oneRun.release();
        }
        assertTrue(twoRuns.isClosed());
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
