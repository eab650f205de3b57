package io.sightline.inference.review;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ReviewItem;
import java.util.Optional;

/** Which results a person should look at: every unknown one, and those below the review confidence. */
public final class ReviewPolicy {
    private final double confidence;

    public ReviewPolicy(double confidence) {
        this.confidence = confidence;
    }

    /** Why {@code result} needs review, or empty when it does not (errors never do). */
    public Optional<ReviewItem.Reason> reason(ClassifyResult result) {
        if (!result.isOk()) {
            return Optional.empty();
        }
        if (Boolean.TRUE.equals(result.unknown())) {
            return Optional.of(ReviewItem.Reason.UNKNOWN);
        }
        if (result.confidence() != null && result.confidence() < confidence) {
            return Optional.of(ReviewItem.Reason.LOW_CONFIDENCE);
        }
        return Optional.empty();
    }
}
