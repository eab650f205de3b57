package io.sightline.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbfgsMinimizerTest {

    private static final DifferentiableFunction ROSENBROCK = (x, g) -> {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };

    @Test
    void minimisesRosenbrockToTolerance() {
        LbfgsMinimizer.Result result = new LbfgsMinimizer(200, 1e-9).minimize(ROSENBROCK, new double[] {-1.2, 1}, null);
        assertTrue(result.converged(), result.stopReason().toString());
        assertTrue(result.gradientNorm() <= 1e-9 * Math.max(1, gradientNormAt(new double[] {-1.2, 1})));
        assertEquals(1, result.x()[0], 1e-7);
        assertEquals(1, result.x()[1], 1e-7);
    }

    private static double gradientNormAt(double[] x) {
        double[] g = new double[2];
        ROSENBROCK.valueAndGradient(x, g);
        return Math.hypot(g[0], g[1]);
    }

    @Test
    void illConditionedQuadraticConverges() {
        int n = 50;
        DifferentiableFunction f = (x, g) -> {
            double v = 0;
            for (int i = 0; i < n; i++) {
                double scale = 1 + i * 20.0;
                g[i] = scale * (x[i] - i);
                v += 0.5 * scale * (x[i] - i) * (x[i] - i);
            }
            return v;
        };
        LbfgsMinimizer.Result result = new LbfgsMinimizer(500, 1e-14).minimize(f, new double[n], null);
        assertTrue(result.converged());
        for (int i = 0; i < n; i++) {
            assertEquals(i, result.x()[i], 1e-8);
        }
    }

    @Test
    void reportsEveryIterationAndStopsWhenAsked() {
        List<LbfgsMinimizer.State> states = new ArrayList<>();
        LbfgsMinimizer.Result result = new LbfgsMinimizer(100, 1e-12)
                .minimize(ROSENBROCK, new double[] {-1.2, 1}, s -> {
                    states.add(s);
                    return s.iteration() == 3;
                });
        assertEquals(LbfgsMinimizer.StopReason.CALLBACK, result.stopReason());
        assertEquals(3, result.iterations());
        assertEquals(3, states.size());
        assertTrue(states.get(2).value() < states.get(0).value());
    }

    @Test
    void stopsAtMaxIterations() {
        LbfgsMinimizer.Result result = new LbfgsMinimizer(2, 1e-12).minimize(ROSENBROCK, new double[] {-1.2, 1}, null);
        assertEquals(LbfgsMinimizer.StopReason.MAX_ITERATIONS, result.stopReason());
        assertEquals(2, result.iterations());
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(t) = (t - 0.3)^2 on [0, 1]: a quadratic is a cubic, so the interpolant is exact.
        double step = StrongWolfeLineSearch.interpolate(0, 0.09, -0.6, 1, 0.49, 1.4);
        assertEquals(0.3, step, 1e-12);
    }
}
