package io.sightline.trainer;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.quant.CalibrationMethod;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backbone's int8 form from the last calibration, kept for the trainings after it. A retraining changes
 * only the head, so calibrating again each time would spend seconds (a run with every activation as an
 * output per picture) on nearly the same ranges. It is not reused once it may no longer describe the
 * training pictures: when the labels differ from the calibration's, or the training set has reached
 * {@code growth} times its size at the calibration; and it is dropped after a model made with it failed
 * the int8 gate. Thread-safe: trainings run one at a time, but a reader may look while one runs.
 */
final class QuantizedBackbone {
    /**
     * One calibration's int8 backbone and what it was measured on.
     *
     * @param graph         the quantized backbone (QDQ), without a head
     * @param version       the model version whose training pictures calibrated it
     * @param labels        that training's labels
     * @param trainPictures that training's training-set size
     * @param calibrated    pictures observed
     * @param method        how the ranges were taken
     */
    record Calibrated(ModelProto graph, int version, Set<String> labels, int trainPictures, int calibrated,
                      CalibrationMethod method) {
        Calibrated {
            if (graph == null || labels == null || method == null || version < 1 || trainPictures < 1
                    || calibrated < 1) {
                throw new IllegalArgumentException("a calibration needs its graph, version, labels, method and sizes");
            }
            labels = Set.copyOf(labels);
        }
    }

    private final double growth;
    private Calibrated kept;

    /** @param growth the training set may grow to less than this many times its size at the calibration (≥ 1) */
    QuantizedBackbone(double growth) {
        if (!(growth >= 1)) {
            throw new IllegalArgumentException("growth must be at least 1, was " + growth);
        }
        this.growth = growth;
    }

    /** The kept int8 backbone, when it was calibrated with {@code method} on the same labels and a comparable set. */
    synchronized Optional<Calibrated> reusableFor(List<String> labels, int trainPictures, CalibrationMethod method) {
        if (kept == null || kept.method() != method || !kept.labels().equals(Set.copyOf(labels))
                || trainPictures >= growth * kept.trainPictures()) {
            return Optional.empty();
        }
        return Optional.of(kept);
    }

    /** Keeps a new calibration in place of the one before. */
    synchronized void keep(Calibrated calibrated) {
        kept = calibrated;
    }

    /** Drops {@code calibrated} if it is still the one kept: a model made with it failed the int8 gate. */
    synchronized void drop(Calibrated calibrated) {
        if (kept == calibrated) {
            kept = null;
        }
    }
}
