package io.sightline.trainer;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.quant.CalibrationMethod;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The int8 backbone of the last calibration whose model passed the int8 gate, kept for the trainings after it.
 * A retraining changes only the head, so calibrating again each time would spend seconds (a run with every
 * activation as an output per picture) on nearly the same ranges. It is not reused once it may no longer
 * describe the training pictures: when the labels differ from the calibration's, when fewer than half of the
 * pictures it was calibrated on are still in the calibration set, or when the training set has reached
 * {@code growth} times its size at the calibration. A model made with it that fails the gate, or cannot be
 * made, drops it. Trainings run one at a time; the lock only keeps this class safe to share.
 */
final class KeptCalibration {
    /**
     * One calibration's int8 backbone and what it was measured on.
     *
     * @param graph         the quantized backbone (QDQ), without a head
     * @param version       the model version whose training pictures calibrated it
     * @param labels        that training's labels
     * @param pictures      the imageIds of the pictures observed
     * @param trainPictures that training's training-set size
     * @param method        how the ranges were taken
     */
    record Ranges(ModelProto graph, int version, Set<String> labels, Set<String> pictures, int trainPictures,
                  CalibrationMethod method) {
        Ranges {
            if (graph == null || labels == null || pictures == null || method == null || version < 1
                    || pictures.isEmpty() || trainPictures < pictures.size()) {
                throw new IllegalArgumentException("a calibration needs its graph, version, labels, pictures, method "
                        + "and a training set at least as large as its pictures");
            }
            labels = Set.copyOf(labels);
            pictures = Set.copyOf(pictures);
        }
    }

    private final double growth;
    private Ranges kept;

    /**
     * @param growth the training set may grow to less than this many times its size at the calibration (≥ 1; 1
     *               calibrates for every training and keeps nothing)
     */
    KeptCalibration(double growth) {
        if (!(growth >= 1)) {
            throw new IllegalArgumentException("growth must be at least 1, was " + growth);
        }
        this.growth = growth;
    }

    /**
     * The kept ranges, when they were taken with {@code method} on the same labels, at least half of their pictures
     * are in {@code calibrationSet} (the pictures a calibration now would observe), and the training set has grown
     * less than {@code growth} times.
     */
    synchronized Optional<Ranges> reusableFor(List<String> labels, Collection<String> calibrationSet, int trainPictures,
                                              CalibrationMethod method) {
        if (kept == null || kept.method() != method || !kept.labels().equals(Set.copyOf(labels))
                || trainPictures >= growth * kept.trainPictures()) {
            return Optional.empty();
        }
        long still = calibrationSet.stream().filter(kept.pictures()::contains).count();
        return 2 * still >= kept.pictures().size() ? Optional.of(kept) : Optional.empty();
    }

    /**
     * What a model made with {@code ranges} taught: kept when it passed the int8 gate (growth above 1), else
     * dropped if they are the ones kept, so that the next training calibrates afresh.
     */
    synchronized void settle(Ranges ranges, boolean passed) {
        if (passed) {
            kept = growth > 1 ? ranges : null;
        } else if (kept == ranges) {
            kept = null;
        }
    }
}
