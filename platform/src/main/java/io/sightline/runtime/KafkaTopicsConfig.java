package io.sightline.runtime;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Topic naming and creation. Environment: SIGHTLINE_KAFKA_TOPIC_PREFIX, SIGHTLINE_KAFKA_PARTITIONS,
 * SIGHTLINE_KAFKA_REPLICATION_FACTOR, SIGHTLINE_KAFKA_CREATE_TOPICS.
 */
@ConfigurationProperties("sightline.kafka")
public record KafkaTopicsConfig(
        @Bindable(defaultValue = "sightline.") String topicPrefix,
        @Bindable(defaultValue = "3") int partitions,
        @Bindable(defaultValue = "1") short replicationFactor,
        @Bindable(defaultValue = "true") boolean createTopics) {
}
