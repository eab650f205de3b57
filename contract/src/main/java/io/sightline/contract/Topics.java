package io.sightline.contract;

import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of SPEC section 2, under a configurable prefix (default {@code sightline.}).
 * Every topic name in the code comes from here.
 */
public record Topics(String prefix) {
    public static final String DEFAULT_PREFIX = "sightline.";

    public static final String IMAGES = "images";
    public static final String EMBEDDINGS = "embeddings";
    public static final String MODELS = "models";
    public static final String CLASSIFY_REQUESTS = "classify.requests";
    public static final String CLASSIFY_RESULTS = "classify.results";
    public static final String DLQ = "dlq";
    public static final String REVIEW = "review";

    /** Largest classify request a topic accepts (and producers send): a 1 MiB picture inline, with room. */
    public static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;
    /** Largest DLQ record: any request copied there, plus the headers that say why. */
    public static final int MAX_DLQ_RECORD_BYTES = MAX_REQUEST_BYTES + 1024 * 1024;

    // Kafka topic-level configuration keys (org.apache.kafka.common.config.TopicConfig), spelled out so
    // that the contract needs no Kafka library.
    private static final String CLEANUP_POLICY = "cleanup.policy";
    private static final String RETENTION_MS = "retention.ms";
    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    /**
     * Every topic with its settings: {@code images} and {@code embeddings} are log-compacted (the
     * latest record per key is the state); {@code models} is the version history, kept forever on one
     * partition; requests and the DLQ take a 1 MiB inline picture as base64 JSON; {@code review} is
     * compacted (the pictures waiting for a label, one per imageId; a tombstone when reviewed).
     */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(IMAGES, true, false, Map.of(CLEANUP_POLICY, "compact")),
            new TopicSpec(EMBEDDINGS, true, false, Map.of(CLEANUP_POLICY, "compact")),
            new TopicSpec(MODELS, false, true, Map.of(CLEANUP_POLICY, "delete", RETENTION_MS, "-1")),
            new TopicSpec(CLASSIFY_REQUESTS, false, false,
                    Map.of(CLEANUP_POLICY, "delete", MAX_MESSAGE_BYTES, String.valueOf(MAX_REQUEST_BYTES))),
            new TopicSpec(CLASSIFY_RESULTS, false, false, Map.of(CLEANUP_POLICY, "delete")),
            new TopicSpec(DLQ, false, false,
                    Map.of(CLEANUP_POLICY, "delete", MAX_MESSAGE_BYTES, String.valueOf(MAX_DLQ_RECORD_BYTES))),
            new TopicSpec(REVIEW, true, false, Map.of(CLEANUP_POLICY, "compact")));

    /**
     * A topic: its suffix, whether it is log-compacted, whether it has one partition whatever the
     * configured count (the model history is read in order), and its topic-level configuration.
     */
    public record TopicSpec(String suffix, boolean compacted, boolean singlePartition, Map<String, String> config) {
        public TopicSpec {
            config = Map.copyOf(config);
        }

        /** The partitions this topic gets when the configured default is {@code partitions}. */
        public int partitions(int partitions) {
            return singlePartition ? 1 : partitions;
        }
    }

    public Topics {
        prefix = prefix == null ? DEFAULT_PREFIX : prefix;
    }

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String images() {
        return prefix + IMAGES;
    }

    public String embeddings() {
        return prefix + EMBEDDINGS;
    }

    public String models() {
        return prefix + MODELS;
    }

    public String classifyRequests() {
        return prefix + CLASSIFY_REQUESTS;
    }

    public String classifyResults() {
        return prefix + CLASSIFY_RESULTS;
    }

    public String dlq() {
        return prefix + DLQ;
    }

    public String review() {
        return prefix + REVIEW;
    }

    public String name(TopicSpec spec) {
        return prefix + spec.suffix();
    }
}
