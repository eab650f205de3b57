package io.sightline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        double[] values = new double[100];
        for (int i = 0; i < 100; i++) {
            values[99 - i] = i + 1; // descending: the input order must not matter
        }
        Percentiles p = Percentiles.of(values);
        assertEquals(100, p.count());
        assertEquals(50, p.p50());
        assertEquals(95, p.p95());
        assertEquals(99, p.p99());
        assertEquals(50.5, p.mean(), 1e-12);
        assertEquals(1, values[99], "the sample is not sorted in place");
    }

    @Test
    void smallSamplesTakeTheNearestRankAbove() {
        Percentiles p = Percentiles.of(new double[] {30, 10, 20});
        assertEquals(20, p.p50());
        assertEquals(30, p.p95());
        assertEquals(30, p.p99());
        Percentiles one = Percentiles.of(new double[] {7});
        assertEquals(7, one.p50());
        assertEquals(7, one.p99());
    }

    @Test
    void emptySampleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.rank(new double[] {1}, 0));
    }

    @Test
    void recorderConvertsNanosToMillisAndGrows() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 1; i <= 3000; i++) {
            recorder.recordNanos(i * 1_000_000L);
        }
        assertEquals(3000, recorder.count());
        Percentiles p = recorder.percentiles();
        assertArrayEquals(new double[] {1500, 2850, 2970}, new double[] {p.p50(), p.p95(), p.p99()}, 1e-9);
    }

    @Test
    void ratesAndRounding() {
        assertEquals(25.0, Rate.perSecond(50, 2_000_000_000L), 1e-12);
        assertEquals(0, Rate.perSecond(5, 0));
        assertEquals(0.9, Rate.ratio(9, 10), 1e-12);
        assertEquals(Double.NaN, Rate.ratio(9, 0));
        assertEquals(1.235, Rate.round(1.23456, 3));
        assertEquals(Double.NaN, Rate.round(Double.NaN, 2));
    }
}
