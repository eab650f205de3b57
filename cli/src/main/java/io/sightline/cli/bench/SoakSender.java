package io.sightline.cli.bench;

import io.sightline.contract.Json;
import io.sightline.kafka.KafkaClients;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends classify requests with unique requestIds on one thread, as the pacer allows, and records each
 * in the ledger: sent, then acknowledged or failed (the producer is idempotent with {@code acks=all}
 * and retries through a broker restart until its delivery timeout).
 */
final class SoakSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final RequestPictures pictures;
    private final SoakLedger ledger;
    private final SoakPacer pacer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Exception crashed;

    SoakSender(KafkaClients clients, String topic, RequestPictures pictures, SoakLedger ledger, SoakPacer pacer) {
        this.producer = clients.producer("sightline-soak-requests", null);
        this.topic = topic;
        this.pictures = pictures;
        this.ledger = ledger;
        this.pacer = pacer;
        this.thread = new Thread(this::run, "soak-sender");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            for (long sequence = 0; pacer.awaitSlot(running::get); sequence++) {
                send(sequence);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            crashed = e;
        }
    }

    private void send(long sequence) {
        String id = ledger.requestId(sequence);
        byte[] value = Json.write(pictures.request(id, sequence));
        ledger.sent(sequence, System.nanoTime());
        try {
            producer.send(new ProducerRecord<>(topic, id, value), (metadata, error) -> {
                if (error == null) {
                    ledger.acknowledged(sequence);
                } else {
                    ledger.failed(sequence, error);
                    pacer.release();
                }
            });
        } catch (RuntimeException e) { // e.g. no metadata within max.block.ms
            ledger.failed(sequence, e);
            pacer.release();
        }
    }

    /** Stops sending and waits until the broker acknowledged, or the producer gave up on, every request sent. */
    void stop() {
        running.set(false);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
        if (crashed != null) {
            throw new IllegalStateException("the soak's sender stopped: " + crashed.getMessage(), crashed);
        }
    }

    @Override
    public void close() {
        running.set(false);
        producer.close(Duration.ofSeconds(10));
    }
}
