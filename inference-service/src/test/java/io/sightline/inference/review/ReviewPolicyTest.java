package io.sightline.inference.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.Prediction;
import io.sightline.contract.ReviewItem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReviewPolicyTest {
    private final ReviewPolicy policy = new ReviewPolicy(0.6);

    private static ClassifyResult ok(double confidence, boolean unknown) {
        return ClassifyResult.ok("r", 1, List.of(new Prediction("a", confidence)), 1, unknown, 1.0);
    }

    @Test
    void unknownAndUnsureResultsAreReviewedOthersAndErrorsAreNot() {
        assertEquals(Optional.of(ReviewItem.Reason.UNKNOWN), policy.reason(ok(0.99, true)));
        assertEquals(Optional.of(ReviewItem.Reason.LOW_CONFIDENCE), policy.reason(ok(0.59, false)));
        assertEquals(Optional.empty(), policy.reason(ok(0.6, false)));
        assertEquals(Optional.empty(), policy.reason(ClassifyResult.error("r", ErrorCode.NO_MODEL, "none", 1)));
        assertEquals(Optional.empty(), new ReviewPolicy(0).reason(ok(0.01, false)), "confidence 0: only unknown ones");
    }
}
