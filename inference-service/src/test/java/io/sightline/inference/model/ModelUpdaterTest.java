package io.sightline.inference.model;

import io.sightline.contract.BackboneInfo;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.TrainedOn;
import io.sightline.storage.StorageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ModelUpdaterTest {

    static ModelPublished event(String name, int version) {
        return new ModelPublished(name, version, new ObjectRef("b", "models/" + name + "/" + version + "/model.onnx"),
                "sha" + version, List.of("red", "green", "blue"), new BackboneInfo("b", "0", false),
                new ModelMetrics(1, 1, 1, 1, 0), new TrainedOn(1, 0, 0), Instant.EPOCH);
    }

    @Test
    void theLatestAnnouncementServesWhateverItsNumberAndOtherModelsAreIgnored() {
        List<Integer> loaded = new ArrayList<>();
        try (ModelSlot slot = new ModelSlot(info -> { })) {
            ModelUpdater updater = new ModelUpdater("default", e -> {
                loaded.add(e.version());
                return ModelSlotTest.serving(e.version());
            }, slot);
            updater.onPublished(event("default", 1));
            updater.onPublished(event("default", 3));
            assertFalse(updater.onPublished(event("other", 9)));
            assertEquals(ModelUpdater.Outcome.SWAPPED, updater.reconcile());
            assertEquals(List.of(3), loaded, "at start, only the latest announcement is loaded");
            assertEquals(ModelUpdater.Outcome.UP_TO_DATE, updater.reconcile());

            updater.onPublished(event("default", 1));
            assertEquals(ModelUpdater.Outcome.SWAPPED, updater.reconcile(), "a roll-back to an earlier version");
            assertEquals(1, slot.servingVersion());
            updater.onPublished(event("default", 3));
            assertEquals(ModelUpdater.Outcome.SWAPPED, updater.reconcile(), "and forward again");
            assertEquals(List.of(3, 1, 3), loaded);
            assertEquals(ModelUpdater.Outcome.UP_TO_DATE, updater.reconcile());
        }
    }

    @Test
    void aRefusedRollBackLeavesTheServingVersionInPlace() {
        try (ModelSlot slot = new ModelSlot(info -> { })) {
            ModelUpdater updater = new ModelUpdater("default", e -> {
                if (e.version() == 1) {
                    throw new ModelRefusedException("its artifact is gone");
                }
                return ModelSlotTest.serving(e.version());
            }, slot);
            updater.onPublished(event("default", 2));
            assertEquals(ModelUpdater.Outcome.SWAPPED, updater.reconcile());
            updater.onPublished(event("default", 1));
            assertEquals(ModelUpdater.Outcome.UP_TO_DATE, updater.reconcile());
            assertEquals(2, slot.servingVersion());
            assertEquals(Set.of(1), updater.refusedVersions());
        }
    }

    @Test
    void aRefusedVersionIsSkippedForGoodAndThePreviousAnnouncementServes() {
        List<Integer> tried = new ArrayList<>();
        try (ModelSlot slot = new ModelSlot(info -> { })) {
            ModelUpdater updater = new ModelUpdater("default", e -> {
                tried.add(e.version());
                if (e.version() == 2) {
                    throw new ModelRefusedException("checksum mismatch");
                }
                return ModelSlotTest.serving(e.version());
            }, slot);
            updater.onPublished(event("default", 1));
            updater.onPublished(event("default", 2));
            assertEquals(ModelUpdater.Outcome.SWAPPED, updater.reconcile());
            assertEquals(1, slot.servingVersion());
            assertEquals(Set.of(2), updater.refusedVersions());
            assertEquals(ModelUpdater.Outcome.UP_TO_DATE, updater.reconcile());
            assertEquals(List.of(2, 1), tried);
        }
    }

    @Test
    void aStorageFailureIsRetriedLater() {
        int[] calls = {0};
        try (ModelSlot slot = new ModelSlot(info -> { })) {
            ModelUpdater updater = new ModelUpdater("default", e -> {
                if (calls[0]++ == 0) {
                    throw new StorageException("S3 unreachable", null);
                }
                return ModelSlotTest.serving(e.version());
            }, slot);
            updater.onPublished(event("default", 1));
            assertEquals(ModelUpdater.Outcome.RETRY, updater.reconcile());
            assertEquals(0, slot.servingVersion());
            assertEquals(ModelUpdater.Outcome.SWAPPED, updater.reconcile());
            assertEquals(1, slot.servingVersion());
        }
    }
}
