package io.sightline.events;

import java.util.List;

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

    /** Every topic, with whether it is log-compacted. */
    public static final List<TopicSpec> ALL = List.of(
            new TopicSpec(IMAGES, true),
            new TopicSpec(EMBEDDINGS, true),
            new TopicSpec(MODELS, false),
            new TopicSpec(CLASSIFY_REQUESTS, false),
            new TopicSpec(CLASSIFY_RESULTS, false),
            new TopicSpec(DLQ, false));

    /** A topic's suffix and cleanup policy. */
    public record TopicSpec(String suffix, boolean compacted) {
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

    public String name(TopicSpec spec) {
        return prefix + spec.suffix();
    }
}
