package io.sightline.inference.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Decides whether a request's {@code replyTopic} may be written: it must start with one of the allowed
 * prefixes and exist (a transactional send to a missing topic would wait for it and then fail the whole
 * poll's transaction, again at every retry: one bad request must not stall its partition). What the
 * lookup said is remembered for {@link #REMEMBER} (existing) or {@link #REMEMBER_MISSING} (missing),
 * so a poll usually costs no broker call.
 */
public final class ReplyTopics {
    static final Duration REMEMBER = Duration.ofMinutes(5);
    static final Duration REMEMBER_MISSING = Duration.ofSeconds(10);
    /** Topics remembered at most; past that the memory starts again (apps use few reply topics). */
    static final int MAX_REMEMBERED = 10_000;

    private final List<String> prefixes;
    private final TopicLookup lookup;
    private final LongSupplier nanoClock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    public ReplyTopics(List<String> prefixes, TopicLookup lookup, LongSupplier nanoClock) {
        this.prefixes = List.copyOf(prefixes);
        this.lookup = lookup;
        this.nanoClock = nanoClock;
    }

    /** Why {@code topic} may not take a result; empty when it may. */
    public Optional<String> refusal(String topic) {
        if (prefixes.stream().noneMatch(topic::startsWith)) {
            return Optional.of("replyTopic " + topic + " is not allowed: reply topics must start with one of " + prefixes);
        }
        long now = nanoClock.getAsLong();
        Known entry = known.get(topic);
        if (entry == null || entry.expiresAt - now <= 0) {
            if (known.size() >= MAX_REMEMBERED) {
                known.clear();
            }
            Optional<String> problem = lookup.problem(topic);
            entry = new Known(problem.orElse(null), now + (problem.isEmpty() ? REMEMBER : REMEMBER_MISSING).toNanos());
            known.put(topic, entry);
        }
        return Optional.ofNullable(entry.problem);
    }

    private record Known(String problem, long expiresAt) {
    }

    /** Asks the broker about a topic: empty when it exists and this service may see it, else why not. */
    @FunctionalInterface
    public interface TopicLookup {
        Optional<String> problem(String topic);
    }
}
