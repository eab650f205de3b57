package io.sightline.ingest;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ReviewItem;
import io.sightline.security.FormToken;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What the Review tab ({@code views/review.html}) shows: the pictures the served model was unsure about, with
 * what it answered, and the labels of the dataset. Plain values only; the template escapes every one of them.
 *
 * @param total     pictures waiting
 * @param cards     the first {@link #PAGE_SIZE} of them, unknown first, then least confident
 * @param labels    the dataset's labels (to confirm or assign)
 * @param formToken the browser session's form token for the label forms; null when the page was opened with an
 *                  Authorization header (no session cookie, so no form could be sent): the tab then shows the API
 * @param notice    what the last form did, or null
 */
@Introspected
public record ReviewView(int total, List<Card> cards, List<String> labels, @Nullable String formToken,
                         @Nullable Notice notice) {
    static final int PAGE_SIZE = 100;

    static ReviewView of(int total, List<ReviewItem> items, Collection<String> labels, String formToken,
                         Notice notice) {
        return new ReviewView(total, items.stream().map(item -> Card.of(item, formToken)).toList(),
                List.copyOf(labels), formToken, notice);
    }

    /**
     * One waiting picture: its thumbnail, the answer and why it waits.
     *
     * @param action where its label forms post (with the form token), or null without a browser session
     */
    public record Card(String imageId, String thumbnail, String label, String confidence, String unknownScore,
                       String reason, int modelVersion, boolean unknown, @Nullable String action) {
        static Card of(ReviewItem item, @Nullable String formToken) {
            String action = formToken == null ? null : "/review/" + encode(item.imageId()) + "?"
                    + FormToken.PARAMETER + "=" + encode(formToken);
            return new Card(item.imageId(), "/api/review/" + item.imageId() + "/thumbnail", item.label(),
                    String.format(Locale.ROOT, "%.3f", item.confidence()),
                    item.unknownScore() == null ? "–" : String.format(Locale.ROOT, "%.2f", item.unknownScore()),
                    item.reason().wire(), item.modelVersion(), item.unknown(), action);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /**
     * The line shown after a form was sent, from the query of the redirect that followed it.
     *
     * @param text    what happened, for people
     * @param problem whether it failed
     */
    public record Notice(String text, boolean problem) {
        /** The notice for {@code ?done=LABEL} or {@code ?problem=CODE}; null for neither. */
        static Notice of(@Nullable String done, @Nullable String problem) {
            if (problem != null) {
                return new Notice(sentence(problem), true);
            }
            if (done != null && !done.isBlank()) {
                return new Notice("Labelled " + clip(done) + ": it joins the dataset and the next training.", false);
            }
            return null;
        }

        private static String sentence(String wire) {
            ErrorCode code;
            try {
                code = ErrorCode.fromWire(wire);
            } catch (IllegalArgumentException e) {
                code = ErrorCode.INTERNAL; // not a code of ours: the query was not written by the form's redirect
            }
            return switch (code) {
                case MISSING_LABEL, BAD_LABEL -> "Not labelled: " + Labels.RULE + ".";
                case OBJECT_NOT_FOUND -> "Not labelled: the picture no longer waits for review (labelled already?).";
                case UNAVAILABLE, OVERLOADED -> "Not labelled: the service is busy or Kafka is unavailable; try again.";
                default -> "Not labelled: the picture could not be labelled (" + code.wire() + ").";
            };
        }

        /** A label is at most {@link Labels#MAX_LENGTH} characters; a longer query value was not ours. */
        private static String clip(String label) {
            String stripped = label.strip();
            return stripped.codePointCount(0, stripped.length()) <= Labels.MAX_LENGTH ? stripped
                    : stripped.substring(0, stripped.offsetByCodePoints(0, Labels.MAX_LENGTH)) + "…";
        }
    }
}
