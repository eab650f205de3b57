package io.sightline.inference.review;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentReviewsTest {

    @Test
    void aPictureIsNewOncePerModelVersion() {
        RecentReviews recent = new RecentReviews(10);
        assertTrue(recent.firstTime("a", 1));
        assertFalse(recent.firstTime("a", 1));
        assertTrue(recent.firstTime("a", 2), "another version asks again");
        assertTrue(recent.firstTime("b", 1));
    }

    @Test
    void theLeastRecentlySeenPictureIsForgottenFirst() {
        RecentReviews recent = new RecentReviews(2);
        recent.firstTime("a", 1);
        recent.firstTime("b", 1);
        assertFalse(recent.firstTime("a", 1), "a seen again: b is now the least recent");
        recent.firstTime("c", 1);
        assertTrue(recent.firstTime("b", 1), "b was forgotten for c");
        assertFalse(recent.firstTime("c", 1));
    }

    @Test
    void containsAsksWithoutRemembering() {
        RecentReviews recent = new RecentReviews(10);
        assertFalse(recent.contains("a", 1));
        assertTrue(recent.firstTime("a", 1), "asking did not remember it");
        assertTrue(recent.contains("a", 1));
        assertFalse(recent.contains("a", 2), "another version");
    }

    @Test
    void aForgottenPictureIsNewAgain() {
        RecentReviews recent = new RecentReviews(10);
        recent.firstTime("a", 1);
        recent.forget("a", 1);
        assertTrue(recent.firstTime("a", 1));
    }

    @Test
    void withNoCapacityEveryPictureIsNew() {
        RecentReviews recent = new RecentReviews(0);
        assertTrue(recent.firstTime("a", 1));
        assertTrue(recent.firstTime("a", 1));
        assertThrows(IllegalArgumentException.class, () -> new RecentReviews(-1));
    }
}
