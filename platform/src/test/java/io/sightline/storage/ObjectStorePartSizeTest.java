package io.sightline.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ObjectStorePartSizeTest {

    @Test
    void picturesKeepTheClientsPartsAndModelsGoInLargerOnes() {
        assertEquals(-1, ObjectStore.partSize(32L << 20), "the largest picture accepted: the client's default");
        assertEquals(-1, ObjectStore.partSize(ObjectStore.LARGE_OBJECT_BYTES));
        assertEquals(ObjectStore.LARGE_PART_BYTES, ObjectStore.partSize(ObjectStore.LARGE_OBJECT_BYTES + 1));
        assertEquals(ObjectStore.LARGE_PART_BYTES, ObjectStore.partSize(94_000_000L), "a ResNet-50 model");
    }
}
