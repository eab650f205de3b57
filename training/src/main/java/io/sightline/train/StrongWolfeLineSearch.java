package io.sightline.train;

/**
 * Line search for the strong Wolfe conditions (Nocedal and Wright, Numerical Optimization, algorithms 3.5 and
 * 3.6) with safeguarded cubic interpolation. The accepted point is always the last one evaluated.
 *
 * <p>Near the optimum, function values stop resolving the decrease (it falls below double rounding of the
 * value); differences smaller than {@link #VALUE_NOISE} times {@code |f(0)|} are therefore treated as ties and the
 * search relies on the (still accurate) directional derivatives, in the spirit of Hager and Zhang's approximate
 * Wolfe conditions.
 */
final class StrongWolfeLineSearch {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_EVALUATIONS = 30;
    private static final double MAX_STEP = 1e10;
    static final double VALUE_NOISE = 1e-12;

    /** Outcome: {@code ok} with the accepted step; {@code xOut}/{@code gOut} hold the accepted point. */
    record Outcome(boolean ok, double step, double value, int evaluations) {
    }

    private final DifferentiableFunction f;
    private double[] x;
    private double[] d;
    private double f0;
    private double slope0;
    private double noise;
    private double[] xOut;
    private double[] gOut;
    private int evaluations;

    StrongWolfeLineSearch(DifferentiableFunction f) {
        this.f = f;
    }

    /**
     * Searches along {@code d} (a descent direction, {@code slope0 = g.d < 0}) from {@code x} with value {@code
     * f0}, starting with {@code initialStep}; writes the accepted point and its gradient to {@code xOut}, {@code
     * gOut}.
     */
    Outcome search(double[] x, double f0, double slope0, double[] d, double initialStep, double[] xOut,
                   double[] gOut) {
        this.x = x;
        this.d = d;
        this.f0 = f0;
        this.slope0 = slope0;
        this.noise = VALUE_NOISE * Math.abs(f0);
        this.xOut = xOut;
        this.gOut = gOut;
        this.evaluations = 0;
        double prevStep = 0;
        double prevValue = f0;
        double prevSlope = slope0;
        double step = initialStep;
        while (evaluations < MAX_EVALUATIONS) {
            double value = evaluate(step);
            double slope = Vectors.dot(gOut, d);
            if (!sufficientDecrease(step, value) || (evaluations > 1 && value > prevValue + noise)) {
                return zoom(prevStep, prevValue, prevSlope, step, value, slope);
            }
            if (Math.abs(slope) <= -C2 * slope0) {
                return new Outcome(true, step, value, evaluations);
            }
            if (slope >= 0) {
                return zoom(step, value, slope, prevStep, prevValue, prevSlope);
            }
            prevStep = step;
            prevValue = value;
            prevSlope = slope;
            step = Math.min(step * 2, MAX_STEP);
        }
        return new Outcome(false, 0, f0, evaluations);
    }

    private Outcome zoom(double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
        while (evaluations < MAX_EVALUATIONS) {
            double step = interpolate(lo, fLo, dLo, hi, fHi, dHi);
            if (step == lo || step == hi) {
                break;
            }
            double value = evaluate(step);
            double slope = Vectors.dot(gOut, d);
            if (!sufficientDecrease(step, value) || value > fLo + noise) {
                hi = step;
                fHi = value;
                dHi = slope;
            } else {
                if (Math.abs(slope) <= -C2 * slope0) {
                    return new Outcome(true, step, value, evaluations);
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = step;
                fLo = value;
                dLo = slope;
            }
        }
        return new Outcome(false, 0, f0, evaluations);
    }

    private boolean sufficientDecrease(double step, double value) {
        return Double.isFinite(value) && (value <= f0 + C1 * step * slope0 || value <= f0 + noise);
    }

    private double evaluate(double step) {
        Vectors.step(x, step, d, xOut);
        evaluations++;
        return f.valueAndGradient(xOut, gOut);
    }

    /** Minimiser of the cubic through both ends, kept at least 10% of the interval away from the ends. */
    static double interpolate(double a, double fa, double da, double b, double fb, double db) {
        double lowEnd = Math.min(a, b);
        double width = Math.abs(b - a);
        double guess = Double.NaN;
        if (Double.isFinite(fa) && Double.isFinite(fb) && Double.isFinite(da) && Double.isFinite(db)) {
            double d1 = da + db - 3 * (fa - fb) / (a - b);
            double disc = d1 * d1 - da * db;
            if (disc >= 0) {
                double d2 = Math.signum(b - a) * Math.sqrt(disc);
                guess = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
            }
        }
        double min = lowEnd + 0.1 * width;
        double max = lowEnd + 0.9 * width;
        if (!(guess >= min && guess <= max)) {
            guess = (a + b) / 2;
        }
        return guess;
    }
}
