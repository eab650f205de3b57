package io.sightline.trainer;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sightline.contract.Pretrained;
import io.sightline.onnx.Precision;
import io.sightline.onnx.quant.CalibrationMethod;
import java.time.Duration;

/**
 * Trainer settings; every key is documented with its default in {@code application.yml} and can be
 * set by environment variable (SIGHTLINE_TRAINER_BACKBONE, SIGHTLINE_TRAINER_DEBOUNCE, ...).
 *
 * @param backbone             resnet50, resnet50-int8, generated, tiny, or a path to an ONNX image classifier
 * @param cacheDir             where downloaded and generated backbones are kept; empty = the user cache dir (BackboneCache)
 * @param provider             ONNX Runtime execution provider: auto, cpu or cuda
 * @param intraOpThreads       ONNX Runtime threads for embedding (0 = all cores)
 * @param embedBatch           pictures per ONNX Runtime call when embedding
 * @param decodeThreads        threads fetching and decoding pictures while the model runs
 * @param testFraction         share of images held out for testing, by (seed, imageId)
 * @param validationFraction   share of the rest used for validation; negative = 5% from 100 rows
 * @param seed                 split seed
 * @param l2                   L2 regularisation of the head
 * @param maxIterations        solver iterations
 * @param balancedClassWeights weigh classes by inverse frequency
 * @param minNewImages         changes since the last candidate that trigger a retraining
 * @param debounce             quiet time on sightline.images before retraining
 * @param autoTrain            retrain on its own when data changes
 * @param accuracyTolerance    a candidate may lose at most this much accuracy to the serving model
 * @param recallTolerance      ... and at most this much recall on any class
 * @param modelName            the model's name in the registry
 * @param embeddingWait        how long training waits for missing embeddings before going without them
 * @param role                 what this replica does: {@code all} (embeds its share of the embedding group and
 *                             trains while it holds partition 0), {@code head} (trains, embeds nothing, joins no
 *                             group: run exactly one, its publication is fenced by the model's transactional id) or
 *                             {@code embed} (embeds its share, never trains); see {@link TrainingLease}
 * @param precision            fp32, or int8: the backbone of the served model statically quantized (when it passes
 *                             the int8 gate); SIGHTLINE_TRAINER_PRECISION
 * @param calibrationPictures  training pictures whose activations set the int8 ranges (at most this many, 1..1000)
 * @param calibration          how the int8 ranges are taken: minmax or percentile
 * @param int8Tolerance        the int8 model may lose at most this much test accuracy to the fp32 one, else fp32 is served
 * @param recalibrateGrowth    the backbone's int8 form is kept for the trainings after its calibration (only the head
 *                             changes) until the training set reaches this many times its size at the calibration
 *                             or its labels change (1..1000; 1 calibrates for every training and keeps nothing)
 * @param falseUnknownRate     share of held-out known pictures the unknown threshold may call unknown
 * @param pretrained           what the user says of a FILE.onnx backbone's weights: true, false, or empty (its
 *                             metadata says, else unknown); SIGHTLINE_TRAINER_PRETRAINED
 * @param closeSessionToTrain  close the backbone's ONNX Runtime session while a training runs (the next picture
 *                             opens it again): less peak memory where one process trains and serves, a second or
 *                             so of CPU per reopening; the quickstart sets it
 * @param embedRuns            embedding runs going at once on the backbone's session (1..8), each on its own share of
 *                             a poll's pictures in whole batches and, when more than one, single-threaded (int8
 *                             calibration and evaluation keep {@code intra-op-threads}); one run per core loses less
 *                             to other work in the process than one run over every core (the quickstart sets one per
 *                             core, up to 4)
 */
@ConfigurationProperties("sightline.trainer")
public record TrainerConfig(
        @Bindable(defaultValue = "resnet50") String backbone,
        @Bindable(defaultValue = "") String cacheDir,
        @Bindable(defaultValue = "auto") String provider,
        @Bindable(defaultValue = "0") int intraOpThreads,
        @Bindable(defaultValue = "8") int embedBatch,
        @Bindable(defaultValue = "2") int decodeThreads,
        @Bindable(defaultValue = "0.2") double testFraction,
        @Bindable(defaultValue = "-1") double validationFraction,
        @Bindable(defaultValue = "2") long seed,
        @Bindable(defaultValue = "0.01") double l2,
        @Bindable(defaultValue = "100") int maxIterations,
        @Bindable(defaultValue = "false") boolean balancedClassWeights,
        @Bindable(defaultValue = "1") int minNewImages,
        @Bindable(defaultValue = "10s") Duration debounce,
        @Bindable(defaultValue = "true") boolean autoTrain,
        @Bindable(defaultValue = "0.01") double accuracyTolerance,
        @Bindable(defaultValue = "0.05") double recallTolerance,
        @Bindable(defaultValue = "default") String modelName,
        @Bindable(defaultValue = "5m") Duration embeddingWait,
        @Bindable(defaultValue = ROLE_ALL) String role,
        @Bindable(defaultValue = "fp32") String precision,
        @Bindable(defaultValue = "64") int calibrationPictures,
        @Bindable(defaultValue = "minmax") String calibration,
        @Bindable(defaultValue = "0.01") double int8Tolerance,
        @Bindable(defaultValue = "2") double recalibrateGrowth,
        @Bindable(defaultValue = "0.05") double falseUnknownRate,
        @Bindable(defaultValue = "") String pretrained,
        @Bindable(defaultValue = "false") boolean closeSessionToTrain,
        @Bindable(defaultValue = "1") int embedRuns) {
    public static final String ROLE_ALL = "all";
    public static final String ROLE_HEAD = "head";
    public static final String ROLE_EMBED = "embed";

    public TrainerConfig {
        if (!java.util.List.of(ROLE_ALL, ROLE_HEAD, ROLE_EMBED).contains(role)) {
            throw new IllegalArgumentException("sightline.trainer.role (SIGHTLINE_TRAINER_ROLE) is '" + role
                    + "'; it must be all, head or embed");
        }
        Precision.parse(precision); // a wrong value stops the start with its reason
        declaredPretrained(pretrained);
        CalibrationMethod.parse(calibration);
        if (calibrationPictures < 1 || calibrationPictures > 1000) {
            throw new IllegalArgumentException("sightline.trainer.calibration-pictures must be 1..1000, was "
                    + calibrationPictures);
        }
        if (embedRuns < 1 || embedRuns > 8) {
            throw new IllegalArgumentException("sightline.trainer.embed-runs must be 1..8, was " + embedRuns);
        }
        if (!(int8Tolerance >= 0 && int8Tolerance <= 1)) {
            throw new IllegalArgumentException("sightline.trainer.int8-tolerance must be 0..1, was " + int8Tolerance);
        }
        if (!(recalibrateGrowth >= 1 && recalibrateGrowth <= 1000)) {
            throw new IllegalArgumentException("sightline.trainer.recalibrate-growth must be 1..1000, was "
                    + recalibrateGrowth);
        }
        if (!(falseUnknownRate >= 0 && falseUnknownRate < 1)) {
            throw new IllegalArgumentException("sightline.trainer.false-unknown-rate must be in [0, 1), was "
                    + falseUnknownRate);
        }
    }

    /** True when this replica reads the embedding group (roles all and embed). */
    public boolean embeds() {
        return !ROLE_HEAD.equals(role);
    }

    /** True when this replica may train (roles all and head). */
    public boolean mayTrain() {
        return !ROLE_EMBED.equals(role);
    }

    /** The declared provenance of a FILE.onnx backbone, or null when nothing is declared. */
    public Pretrained pretrainedValue() {
        return declaredPretrained(pretrained);
    }

    private static Pretrained declaredPretrained(String pretrained) {
        if (pretrained == null || pretrained.isBlank()) {
            return null;
        }
        try {
            return Pretrained.parse(pretrained);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sightline.trainer.pretrained (SIGHTLINE_TRAINER_PRETRAINED): " + e.getMessage(), e);
        }
    }

    public Precision precisionValue() {
        return Precision.parse(precision);
    }

    public CalibrationMethod calibrationMethod() {
        return CalibrationMethod.parse(calibration);
    }
}
