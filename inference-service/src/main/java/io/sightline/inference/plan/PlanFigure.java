package io.sightline.inference.plan;

/**
 * One candidate as measured.
 *
 * @param plan            the candidate
 * @param imagesPerSecond throughput of its runs together (the sum of each parallel run's own rate)
 * @param images          pictures run, all parallel runs together ({@code runs x batch size})
 * @param runs            model runs, all parallel runs together
 * @param seconds         wall time the candidate took
 */
public record PlanFigure(RunPlan plan, double imagesPerSecond, long images, long runs, double seconds) {
    public PlanFigure {
        if (!(imagesPerSecond > 0) || !Double.isFinite(imagesPerSecond) || runs < 1 || images != runs * plan.batchSize()
                || !(seconds > 0)) {
            throw new IllegalArgumentException("a measured plan needs a positive finite rate, at least one run of "
                    + plan.batchSize() + " pictures and a positive time; got " + imagesPerSecond + " images/s, "
                    + runs + " runs, " + images + " images, " + seconds + " s");
        }
    }
}
