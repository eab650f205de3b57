package io.sightline.cli.bench;

import java.util.Arrays;

/** Collects durations (nanoseconds) from one thread and turns them into millisecond {@link Percentiles}. */
final class LatencyRecorder {
    private double[] millis = new double[1024];
    private int count;

    void recordNanos(long nanos) {
        if (count == millis.length) {
            millis = Arrays.copyOf(millis, count * 2);
        }
        millis[count++] = nanos / 1e6;
    }

    int count() {
        return count;
    }

    Percentiles percentiles() {
        return Percentiles.of(Arrays.copyOf(millis, count));
    }
}
