package io.sightline.trainer;

import io.sightline.contract.BackboneInfo;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ModelStatus;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.TrainedOn;
import io.sightline.metrics.AccuracyCoverage;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Reliability;
import io.sightline.metrics.ThresholdNeighbours;
import io.sightline.train.HeadCalibrator;
import io.sightline.train.UnknownDetector;
import io.sightline.train.IterationProgress;
import java.time.Instant;
import java.util.List;

/**
 * Everything known about one candidate version, stored as {@code metrics.json} next to its model:
 * what {@code GET /api/models/{version}} returns.
 *
 * @param status      promoted or rejected
 * @param reason      why it was rejected (or what it was compared with when promoted)
 * @param calibration the temperature, calibration error and unknown threshold; null in records written before them
 * @param coverage    the accuracy–coverage curve of the test pictures (selective classification); null in records
 *                    written before it
 * @param precision   what {@code model.onnx} computes in and why; null in records written before int8 existed (fp32)
 */
public record ModelRecord(
        String name,
        int version,
        ModelStatus status,
        String reason,
        Instant createdAt,
        ObjectRef artifact,
        String sha256,
        List<String> labels,
        BackboneInfo backbone,
        ModelMetrics metrics,
        TrainedOn trainedOn,
        Evaluation evaluation,
        List<IterationProgress> history,
        String stopReason,
        double trainSeconds,
        Integer comparedWithVersion,
        Double servingAccuracy,
        List<TestItem> testItems,
        Calibration calibration,
        AccuracyCoverage coverage,
        PrecisionReport precision) {

    public boolean promoted() {
        return status == ModelStatus.PROMOTED;
    }

    /** This record with another status, reason and model checksum. */
    public ModelRecord withStatus(ModelStatus newStatus, String newReason, String newSha256) {
        return withStatus(newStatus, newReason, newSha256, precision);
    }

    /** This record with another status, reason, model checksum and precision. */
    public ModelRecord withStatus(ModelStatus newStatus, String newReason, String newSha256,
                                  PrecisionReport newPrecision) {
        return new ModelRecord(name, version, newStatus, newReason, createdAt, artifact, newSha256, labels, backbone,
                metrics, trainedOn, evaluation, history, stopReason, trainSeconds, comparedWithVersion, servingAccuracy,
                testItems, calibration, coverage, newPrecision);
    }

    /** The event that makes this version the served one. */
    public ModelPublished published() {
        return new ModelPublished(name, version, artifact, sha256, labels, backbone, metrics, trainedOn, createdAt);
    }

    /**
     * How honest the version's confidence is: the temperature folded into it, the expected calibration error on
     * the test set before and after, and its unknown threshold.
     *
     * @param heldOut          where the temperature and threshold were fitted (validation or cross-validation)
     * @param heldOutPictures  how many held-out pictures they were fitted on
     * @param reliability      the calibrated model's reliability bins on the test set
     * @param testUnknownShare the share of known test pictures the threshold calls unknown
     * @param nearThreshold    the test pictures whose unknown score is nearest the threshold, up to
     *                         {@value #NEAR_THRESHOLD} on each side, in increasing score; null in records written
     *                         before it
     */
    public record Calibration(double temperature, HeadCalibrator.HeldOut heldOut, int heldOutPictures,
                              double eceBefore, double eceAfter, List<Reliability.Bin> reliability,
                              String unknownMethod, double unknownThreshold, double falseUnknownRate,
                              double testUnknownShare, List<ThresholdNeighbours.Neighbour> nearThreshold) {
        /** Test pictures shown on each side of the unknown threshold. */
        static final int NEAR_THRESHOLD = 4;

        static Calibration of(Candidate candidate) {
            HeadCalibrator.Calibrated calibrated = candidate.calibrated();
            UnknownDetector detector = calibrated.detector();
            LabelledFeatures test = candidate.test();
            double[] scores = java.util.Arrays.stream(test.features()).mapToDouble(detector::score).toArray();
            ThresholdNeighbours split = ThresholdNeighbours.of(scores, test.imageIds(), detector.threshold(),
                    NEAR_THRESHOLD);
            return new Calibration(calibrated.temperature(), calibrated.heldOut(), calibrated.heldOutRows(),
                    candidate.before().ece(), candidate.after().ece(), candidate.after().bins(), UnknownDetector.METHOD,
                    detector.threshold(), calibrated.falseUnknownRate(), split.aboveShare(), split.neighbours());
        }
    }

    /** A test picture: where it came from and its true label (for the report and the quickstart). */
    public record TestItem(String imageId, String source, String label, ObjectRef object) {
    }
}
