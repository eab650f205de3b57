package io.sightline.ingest;

import io.micronaut.core.annotation.Introspected;
import io.sightline.contract.ReviewItem;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What the Review tab ({@code views/review.html}) shows: the pictures the served model was unsure about, with
 * what it answered, and the labels of the dataset. Plain values only; the template escapes every one of them.
 *
 * @param total  pictures waiting
 * @param cards  the first {@link #PAGE_SIZE} of them, unknown first, then least confident
 * @param labels the dataset's labels (to confirm or assign)
 */
@Introspected
public record ReviewView(int total, List<Card> cards, List<String> labels) {
    static final int PAGE_SIZE = 100;

    static ReviewView of(int total, List<ReviewItem> items, Collection<String> labels) {
        return new ReviewView(total, items.stream().map(Card::of).toList(), List.copyOf(labels));
    }

    /** One waiting picture: its thumbnail, the answer and why it waits. */
    public record Card(String imageId, String thumbnail, String label, String confidence, String unknownScore,
                       String reason, int modelVersion, boolean unknown) {
        static Card of(ReviewItem item) {
            return new Card(item.imageId(), "/api/review/" + item.imageId() + "/thumbnail", item.label(),
                    String.format(Locale.ROOT, "%.3f", item.confidence()),
                    item.unknownScore() == null ? "–" : String.format(Locale.ROOT, "%.2f", item.unknownScore()),
                    item.reason().wire(), item.modelVersion(), item.unknown());
        }
    }
}
