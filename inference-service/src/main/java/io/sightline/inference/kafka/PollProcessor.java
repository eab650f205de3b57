package io.sightline.inference.kafka;

import io.sightline.contract.Limits;
import io.sightline.kafka.DeadLetters;
import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.Json;
import io.sightline.contract.Topics;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.ClassifyJob;
import io.sightline.inference.engine.Picture;
import io.sightline.inference.engine.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one poll of request records into the records its transaction writes: one result per request
 * (keyed by requestId, in request order; on the request's {@code replyTopic} when {@link ReplyTopics}
 * allows it, else on the shared results topic) and one DLQ record per record that is not a request. All
 * requests of the poll are handed to the engine at once ({@link #start}), so their pictures decode in
 * parallel and fill batches together, and the caller may read the next poll while they run.
 */
public final class PollProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(PollProcessor.class);

    private final ClassifyEngine engine;
    private final Topics topics;
    private final Duration resultTimeout;
    private final ReplyTopics replyTopics;

    public PollProcessor(ClassifyEngine engine, Topics topics, Duration resultTimeout, ReplyTopics replyTopics) {
        this.engine = engine;
        this.topics = topics;
        this.resultTimeout = resultTimeout;
        this.replyTopics = replyTopics;
    }

    /** How long a request waits for its result before it is answered internal. */
    public Duration resultTimeout() {
        return resultTimeout;
    }

    /** Hands the poll's requests to the engine and returns at once. */
    public StartedPoll start(List<ConsumerRecord<String, byte[]>> records) {
        long received = System.nanoTime();
        List<Pending> pending = new ArrayList<>(records.size());
        List<CompletableFuture<ClassifyResult>> futures = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            pending.add(start(record, received, futures));
        }
        return new StartedPoll(records, pending, CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)),
                received + resultTimeout.toNanos());
    }

    private Pending start(ConsumerRecord<String, byte[]> record, long received,
                          List<CompletableFuture<ClassifyResult>> futures) {
        ParsedRequest parsed = RequestParser.parse(record.value());
        if (parsed instanceof ParsedRequest.NotARequest notARequest) {
            LOG.warn("Record {}-{}@{} (key {}) is not a classify request ({}); sent to {}", record.topic(),
                    record.partition(), record.offset(), record.key(), notARequest.reason(), topics.dlq());
            ProducerRecord<String, byte[]> dead = DeadLetters.of(topics.dlq(), record, notARequest.reason());
            return () -> dead;
        }
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            ClassifyResult result = engine.reject(invalid.requestId(), Source.KAFKA, ErrorCode.BAD_REQUEST,
                    invalid.reason(), received);
            return () -> resultRecord(record, result, topics.classifyResults());
        }
        ClassifyRequest request = ((ParsedRequest.Valid) parsed).request();
        String destination = topics.classifyResults();
        if (request.replyTopic() != null) {
            Optional<String> refusal = replyTopics.refusal(request.replyTopic());
            if (refusal.isPresent()) {
                ClassifyResult result = engine.reject(request.requestId(), Source.KAFKA, ErrorCode.BAD_REQUEST,
                        refusal.get(), received);
                return () -> resultRecord(record, result, topics.classifyResults());
            }
            destination = request.replyTopic();
        }
        String resultTopic = destination;
        Picture picture = request.object() != null ? new Picture.Stored(request.object())
                : new Picture.Inline(request.imageBase64());
        CompletableFuture<ClassifyResult> future = engine.submit(
                new ClassifyJob(request.requestId(), Source.KAFKA, picture, request.topKOrDefault(), received));
        futures.add(future);
        return () -> resultRecord(record, resultOrTimeout(future, request.requestId()), resultTopic);
    }

    /** The result if it is there; else (the poll's deadline passed) an internal error. */
    private ClassifyResult resultOrTimeout(CompletableFuture<ClassifyResult> future, String requestId) {
        ClassifyResult result = future.getNow(null);
        if (result != null) {
            return result;
        }
        // Answered as an error rather than retried: a request that never finishes must not block its partition.
        LOG.warn("No result for {} within {}; answering internal", requestId, resultTimeout);
        return ClassifyResult.error(requestId, ErrorCode.INTERNAL, "no result within " + resultTimeout.toSeconds()
                + " s; the request was not classified", resultTimeout.toMillis());
    }

    /**
     * The result's record; or, should the result outgrow what the results topic takes, the request as a
     * dead letter with the reason, so that the transaction commits and the partition moves on.
     */
    private ProducerRecord<String, byte[]> resultRecord(ConsumerRecord<String, byte[]> request, ClassifyResult result,
                                                        String resultTopic) {
        byte[] value = Json.write(result);
        if (value.length > Limits.RESULT_BYTES) {
            String reason = "its result is " + value.length + " bytes, over the " + Limits.RESULT_BYTES
                    + " bytes a result may have";
            LOG.warn("Request {} cannot be answered: {}; sent to {}", result.requestId(), reason, topics.dlq());
            return DeadLetters.of(topics.dlq(), request, reason);
        }
        return new ProducerRecord<>(resultTopic, result.requestId(), value);
    }

    @FunctionalInterface
    interface Pending {
        ProducerRecord<String, byte[]> finish();
    }
}
