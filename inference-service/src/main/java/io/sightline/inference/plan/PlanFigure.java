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

    /** The figure with the most images/s (the first of equals). */
    static PlanFigure fastest(java.util.List<PlanFigure> figures) {
        PlanFigure best = figures.get(0);
        for (PlanFigure figure : figures) {
            if (figure.imagesPerSecond() > best.imagesPerSecond()) {
                best = figure;
            }
        }
        return best;
    }

    /** Two measurements of the same plan as one: the rates weighed by their time. */
    static PlanFigure merge(PlanFigure a, PlanFigure b) {
        if (!a.plan.equals(b.plan)) {
            throw new IllegalArgumentException("cannot merge " + a.plan.label() + " with " + b.plan.label());
        }
        double seconds = a.seconds + b.seconds;
        return new PlanFigure(a.plan, (a.imagesPerSecond * a.seconds + b.imagesPerSecond * b.seconds) / seconds,
                a.images + b.images, a.runs + b.runs, seconds);
    }
}
