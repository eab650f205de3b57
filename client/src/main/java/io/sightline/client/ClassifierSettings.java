package io.sightline.client;

import io.sightline.contract.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link SightlineClassifier} reaches Sightline and how patient it is.
 *
 * @param kafka          Kafka client settings (at least {@code bootstrap.servers}; security settings too),
 *                       given to both the producer and the consumer
 * @param requestTopic   where requests go ({@code sightline.classify.requests})
 * @param replyTopic     this app's reply topic: must exist and start with a prefix the service allows
 *                       ({@code sightline.replies.} by default)
 * @param topK           predictions wanted per picture; null = the service's default (3)
 * @param deadline       how long one {@code classify} call may take in all (waiting for room, every attempt)
 * @param maxOutstanding requests sent and not yet answered, at most; {@code classify} waits for room
 *                       (until its deadline) beyond that
 * @param maxAttempts    sends of one picture at most, when the answers are {@code retriable}
 * @param retryBackoff   wait before the first resend, doubled each time
 */
public record ClassifierSettings(Map<String, Object> kafka, String requestTopic, String replyTopic, Integer topK,
                                 Duration deadline, int maxOutstanding, int maxAttempts, Duration retryBackoff) {
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_OUTSTANDING = 256;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

    public ClassifierSettings {
        kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("kafka settings need bootstrap.servers");
        }
        Objects.requireNonNull(requestTopic, "requestTopic");
        Objects.requireNonNull(replyTopic, "replyTopic");
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive");
        }
        if (maxOutstanding < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxOutstanding and maxAttempts must be at least 1");
        }
        Objects.requireNonNull(retryBackoff, "retryBackoff");
    }

    /** The defaults, for the broker at {@code bootstrapServers} and this app's {@code replyTopic}. */
    public static ClassifierSettings of(String bootstrapServers, String replyTopic) {
        return new ClassifierSettings(Map.of("bootstrap.servers", bootstrapServers), Topics.defaults().classifyRequests(),
                replyTopic, null, DEFAULT_DEADLINE, DEFAULT_MAX_OUTSTANDING, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF);
    }

    /** These settings with more Kafka client settings (security, client.id, ...). */
    public ClassifierSettings withKafka(Map<String, ?> more) {
        Map<String, Object> merged = new HashMap<>(kafka);
        merged.putAll(more);
        return new ClassifierSettings(merged, requestTopic, replyTopic, topK, deadline, maxOutstanding, maxAttempts, retryBackoff);
    }

    public ClassifierSettings withRequestTopic(String topic) {
        return new ClassifierSettings(kafka, topic, replyTopic, topK, deadline, maxOutstanding, maxAttempts, retryBackoff);
    }

    public ClassifierSettings withTopK(Integer k) {
        return new ClassifierSettings(kafka, requestTopic, replyTopic, k, deadline, maxOutstanding, maxAttempts, retryBackoff);
    }

    public ClassifierSettings withDeadline(Duration d) {
        return new ClassifierSettings(kafka, requestTopic, replyTopic, topK, d, maxOutstanding, maxAttempts, retryBackoff);
    }

    public ClassifierSettings withMaxOutstanding(int max) {
        return new ClassifierSettings(kafka, requestTopic, replyTopic, topK, deadline, max, maxAttempts, retryBackoff);
    }

    public ClassifierSettings withRetries(int attempts, Duration backoff) {
        return new ClassifierSettings(kafka, requestTopic, replyTopic, topK, deadline, maxOutstanding, attempts, backoff);
    }
}
