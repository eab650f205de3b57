package io.sightline.image;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThumbnailCacheTest {

    @Test
    void rendersOnceAndDropsTheLeastRecentlyUsed() {
        ThumbnailCache cache = new ThumbnailCache(2);
        AtomicInteger renders = new AtomicInteger();
        cache.get("a", () -> new byte[] {(byte) renders.incrementAndGet()});
        cache.get("b", () -> new byte[] {(byte) renders.incrementAndGet()});
        assertEquals(1, cache.get("a", () -> new byte[] {(byte) renders.incrementAndGet()})[0], "a was cached");
        cache.get("c", () -> new byte[] {(byte) renders.incrementAndGet()});
        assertEquals(3, renders.get());
        assertEquals(4, cache.get("b", () -> new byte[] {(byte) renders.incrementAndGet()})[0],
                "b was the least recently used and was dropped");
        assertEquals(3, cache.get("c", () -> new byte[] {0})[0], "c, used more recently than a, stayed");
    }
}
