package io.sightline.train;

/** A function of a double vector whose value and gradient are computed in one call. */
@FunctionalInterface
public interface DifferentiableFunction {

    /**
     * Evaluates the function at {@code x}.
     *
     * @param x        the point, not modified
     * @param gradient filled with the gradient at {@code x} (same length as {@code x})
     * @return the value at {@code x}
     */
    double valueAndGradient(double[] x, double[] gradient);
}
