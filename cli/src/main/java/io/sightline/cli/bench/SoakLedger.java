package io.sightline.cli.bench;

import java.util.BitSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak's requests, by sequence number (the requestId is a run prefix and the number): which were
 * sent, which the broker acknowledged, which failed to send, and which still wait for a first result.
 * Thread-safe: the sender, the producer's callbacks and the result reader all write to it. It holds one
 * bit per request and an entry per outstanding one, so its own memory hardly grows over a long soak.
 */
final class SoakLedger {
    private final String prefix;
    private final Map<Long, Long> outstanding = new ConcurrentHashMap<>();
    private final BitSet acknowledged = new BitSet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    SoakLedger(String prefix) {
        this.prefix = prefix;
    }

    String requestId(long sequence) {
        return prefix + sequence;
    }

    /** The sequence number of one of this run's requestIds; empty for any other key. */
    OptionalLong sequence(String requestId) {
        if (requestId == null || !requestId.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(requestId.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Called just before the request is handed to the producer; sequence numbers count up from 0. */
    void sent(long sequence, long nanos) {
        outstanding.put(sequence, nanos);
        sent.incrementAndGet();
    }

    synchronized void acknowledged(long sequence) {
        acknowledged.set(Math.toIntExact(sequence));
    }

    /** The producer gave up on the request: it expects no result (one may still come, see {@link ResultCount}). */
    void failed(long sequence, Exception error) {
        outstanding.remove(sequence);
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, error.toString());
    }

    /** The send time of a request answered now for the first time; empty for a later answer of the same request. */
    OptionalLong answered(long sequence) {
        Long sentAt = outstanding.remove(sequence);
        return sentAt == null ? OptionalLong.empty() : OptionalLong.of(sentAt);
    }

    synchronized boolean isAcknowledged(long sequence) {
        return sequence <= Integer.MAX_VALUE && acknowledged.get((int) sequence);
    }

    synchronized long acknowledgedCount() {
        return acknowledged.cardinality();
    }

    /** Requests sent (acknowledged or not) that have no result yet. */
    int outstanding() {
        return outstanding.size();
    }

    long sentCount() {
        return sent.get();
    }

    long failedCount() {
        return failed.get();
    }

    /** The first send failure, or null. */
    String firstFailure() {
        return firstFailure.get();
    }
}
