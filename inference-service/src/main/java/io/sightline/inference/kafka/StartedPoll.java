package io.sightline.inference.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One poll handed to the engine: its request records, whether all their results are in, and the
 * records its transaction will write once they are (or once its deadline has passed, when the
 * missing ones are answered internal).
 */
public final class StartedPoll {
    private final List<ConsumerRecord<String, byte[]>> records;
    private final List<PollProcessor.Pending> pending;
    private final CompletableFuture<Void> done;
    private final long deadlineNanos;

    StartedPoll(List<ConsumerRecord<String, byte[]>> records, List<PollProcessor.Pending> pending,
                CompletableFuture<Void> done, long deadlineNanos) {
        this.records = List.copyOf(records);
        this.pending = List.copyOf(pending);
        this.done = done;
        this.deadlineNanos = deadlineNanos;
    }

    public List<ConsumerRecord<String, byte[]>> records() {
        return records;
    }

    /** Completes when every request of the poll has its result. */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Whether its records can be written now: every result is in, or the deadline has passed. */
    public boolean ready() {
        return done.isDone() || nanosLeft() <= 0;
    }

    /** Time until the deadline, at least 0. */
    public long nanosLeft() {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    /** The results and dead letters, in request order; call when {@link #ready}. */
    public List<ProducerRecord<String, byte[]>> producerRecords() {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(pending.size());
        for (PollProcessor.Pending item : pending) {
            out.add(item.finish());
        }
        return out;
    }
}
