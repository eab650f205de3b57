package io.sightline.inference.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The reply-topic rule without Kafka: prefixes first, then existence, remembered for a while. */
class ReplyTopicsTest {
    private final AtomicLong now = new AtomicLong();
    private final List<String> asked = new ArrayList<>();
    private Set<String> existing = Set.of("sightline.replies.a");
    private final ReplyTopics topics = new ReplyTopics(List.of("sightline.replies.", "team-b."), topic -> {
        asked.add(topic);
        return existing.contains(topic) ? Optional.empty() : Optional.of(topic + " does not exist");
    }, now::get);

    @Test
    void aTopicOutsideThePrefixesIsRefusedWithoutAskingTheBroker() {
        String refusal = topics.refusal("sightline.classify.results").orElseThrow();
        assertTrue(refusal.contains("not allowed") && refusal.contains("sightline.replies."), refusal);
        assertTrue(topics.refusal("team-b").isPresent(), "the prefix is a prefix, not a name");
        assertEquals(List.of(), asked);
    }

    @Test
    void anExistingTopicIsAskedOnceWhileRemembered() {
        assertEquals(Optional.empty(), topics.refusal("sightline.replies.a"));
        now.addAndGet(ReplyTopics.REMEMBER.toNanos() - 1);
        assertEquals(Optional.empty(), topics.refusal("sightline.replies.a"));
        assertEquals(List.of("sightline.replies.a"), asked);
        now.addAndGet(1);
        topics.refusal("sightline.replies.a");
        assertEquals(2, asked.size(), "asked again once remembered long enough");
    }

    @Test
    void aMissingTopicIsRefusedAndAskedAgainSoon() {
        assertTrue(topics.refusal("team-b.x").orElseThrow().contains("does not exist"));
        existing = Set.of("team-b.x");
        assertTrue(topics.refusal("team-b.x").isPresent(), "remembered as missing for a short while");
        now.addAndGet(ReplyTopics.REMEMBER_MISSING.toNanos());
        assertEquals(Optional.empty(), topics.refusal("team-b.x"), "created since: allowed");
    }
}
