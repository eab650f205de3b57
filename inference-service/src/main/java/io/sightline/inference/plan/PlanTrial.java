package io.sightline.inference.plan;

import java.time.Duration;
import java.util.Collection;

/** Runs candidate plans for a while and says how fast they went: the timing source of a {@link RunPlanner}. */
public interface PlanTrial {

    /**
     * Runs {@code plan} (its parallel runs at once, each a full batch over and over) for about {@code time}, at
     * least one run each, and returns what it did.
     */
    PlanFigure run(RunPlan plan, Duration time);

    /** The planner no longer needs sessions that none of {@code needed} uses; they may be closed now. */
    default void retainOnly(Collection<RunPlan> needed) {
    }
}
