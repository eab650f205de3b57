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
        float[] values = {-100, -50, 1, 2, 3, 4, 50, 100};
        FloatBuffer offset = FloatBuffer.wrap(values, 1, 6).slice(); // -50 .. 50, with an array offset of 1
        offset.position(1).limit(5); // 1 .. 4: both an array offset and a position
        RangeHistogram range = new RangeHistogram();
        range.add(offset);
        assertEquals(1, range.min());
        assertEquals(4, range.max());
        assertEquals(1, offset.position(), "the position is not moved");
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
    void percentilesAreWithinOneBinAndTheSampling() {
        int n = 100_000;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i / (float) n; // uniform on [0, 1)
        }
        RangeHistogram range = new RangeHistogram();
        range.add(FloatBuffer.wrap(values));
        double bin = 1.0001 / RangeHistogram.BINS;
        double sampling = RangeHistogram.SAMPLE_STRIDE / (double) n;
        assertEquals(0.01, range.quantile(0.01), bin + sampling);
        assertEquals(0.99, range.quantile(0.99), bin + sampling);
    }

    @Test
    void aValueThatIsNotFiniteIsRefused() {
        RangeHistogram range = new RangeHistogram();
        assertThrows(IllegalStateException.class, () -> range.add(FloatBuffer.wrap(new float[] {1, Float.NaN, 2})));
        assertThrows(IllegalStateException.class,
                () -> range.add(FloatBuffer.wrap(new float[] {1, Float.POSITIVE_INFINITY})));
    }
}
