package io.sightline.cli.bench;

/** Items per second, and the ratio of two rates; pure arithmetic kept in one place so that it is tested. */
final class Rate {
    private Rate() {
    }

    /** {@code items} per second over {@code nanos}; 0 when no time passed. */
    static double perSecond(long items, long nanos) {
        return nanos <= 0 ? 0 : items * 1e9 / nanos;
    }

    /** {@code part / whole}, NaN when {@code whole} is not positive. */
    static double ratio(double part, double whole) {
        return whole > 0 ? part / whole : Double.NaN;
    }

    /** Rounds to {@code digits} decimals, for the JSON and the table; NaN stays NaN. */
    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
