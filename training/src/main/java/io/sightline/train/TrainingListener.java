package io.sightline.train;

/** Receives one callback per optimisation iteration, on the training thread. */
@FunctionalInterface
public interface TrainingListener {

    void onIteration(IterationProgress progress);

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return p -> { };
    }
}
