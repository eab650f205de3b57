package io.sightline.trainer;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Trainer settings; every key is documented with its default in {@code application.yml} and can be
 * set by environment variable (SIGHTLINE_TRAINER_BACKBONE, SIGHTLINE_TRAINER_DEBOUNCE, ...).
 *
 * @param backbone             resnet50, generated, tiny, or a path to an ONNX image classifier
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
 * @param falseUnknownRate     share of held-out known pictures the unknown threshold may call unknown
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
        @Bindable(defaultValue = "0.05") double falseUnknownRate) {

    public TrainerConfig {
        if (!(falseUnknownRate >= 0 && falseUnknownRate < 1)) {
            throw new IllegalArgumentException("sightline.trainer.false-unknown-rate must be in [0, 1), was "
                    + falseUnknownRate);
        }
    }
}
