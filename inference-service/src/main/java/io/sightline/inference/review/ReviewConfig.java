package io.sightline.inference.review;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code sightline.review.*} (also {@code SIGHTLINE_REVIEW_*}): which results go to the review queue.
 *
 * @param enabled       whether the inference service queues pictures for review at all
 * @param confidence    results whose top probability is below this are queued (besides every unknown one)
 * @param queueCapacity pictures waiting to be stored and published, at most; more are dropped (and counted)
 * @param remembered    answers remembered as queued, each a picture with the model version that queued it: the
 *                      same picture answered again by that version is not queued again (0: every such answer is)
 */
@ConfigurationProperties("sightline.review")
public record ReviewConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "0.6") double confidence,
        @Bindable(defaultValue = "256") int queueCapacity,
        @Bindable(defaultValue = "10000") int remembered) {

    /** About 200 bytes each: 20 MB at this bound. */
    static final int MAX_REMEMBERED = 100_000;

    public ReviewConfig {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("sightline.review.confidence must be in [0, 1], was " + confidence);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("sightline.review.queue-capacity must be >= 1, was " + queueCapacity);
        }
        if (remembered < 0 || remembered > MAX_REMEMBERED) {
            throw new IllegalArgumentException("sightline.review.remembered must be in [0, " + MAX_REMEMBERED
                    + "], was " + remembered);
        }
    }
}
