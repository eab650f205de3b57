package io.sightline.onnx.quant;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RangeHistogramTest {

    @Test
    void aHeapBufferIsReadFromItsPositionToItsLimitOnly() {
        float[] values = {-100, 1, 2, 3, 4, 100};
        FloatBuffer middle = FloatBuffer.wrap(values, 1, 4).slice(); // 1..4, with an array offset
        RangeHistogram range = new RangeHistogram();
        range.add(middle);
        assertEquals(1, range.min());
        assertEquals(4, range.max());
        assertEquals(0, middle.position(), "the position is not moved");
    }

    @Test
    void aDirectBufferGivesTheSameRangeAsAHeapOne() {
        int n = 40_000; // more than one chunk
        FloatBuffer direct = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] heap = new float[n];
        for (int i = 0; i < n; i++) {
            heap[i] = (float) Math.sin(i * 0.001) * 5;
            direct.put(i, heap[i]);
        }
        RangeHistogram fromDirect = new RangeHistogram();
        fromDirect.add(direct);
        RangeHistogram fromHeap = new RangeHistogram();
        fromHeap.add(FloatBuffer.wrap(heap));
        assertEquals(fromHeap.min(), fromDirect.min());
        assertEquals(fromHeap.max(), fromDirect.max());
        // every third value is counted, from the start of each 16,384-value chunk of a direct buffer
        assertEquals(fromHeap.total(), fromDirect.total(), n / (1 << 14) + 1);
    }

    @Test
    void percentilesAreWithinOneBin() {
        int n = 100_000;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i / (float) n; // uniform on [0, 1)
        }
        RangeHistogram range = new RangeHistogram();
        range.add(FloatBuffer.wrap(values));
        double bin = 1.0 / RangeHistogram.BINS;
        assertEquals(0.01, range.quantile(0.01), 2 * bin);
        assertEquals(0.99, range.quantile(0.99), 2 * bin);
    }

    @Test
    void aValueThatIsNotFiniteIsRefused() {
        RangeHistogram range = new RangeHistogram();
        assertThrows(IllegalStateException.class, () -> range.add(FloatBuffer.wrap(new float[] {1, Float.NaN, 2})));
        assertThrows(IllegalStateException.class,
                () -> range.add(FloatBuffer.wrap(new float[] {1, Float.POSITIVE_INFINITY})));
    }
}
