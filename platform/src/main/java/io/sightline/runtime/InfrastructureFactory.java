package io.sightline.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Factory;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Singleton;

/** The shared beans: topic names, the object store, and the factory of every Kafka client. */
@Factory
public class InfrastructureFactory {

    @Singleton
    Topics topics(KafkaTopicsConfig config) {
        return new Topics(config.topicPrefix());
    }

    @Singleton
    ObjectStore objectStore(S3Config config) {
        return ObjectStore.connect(config.endpoint(), config.accessKey(), config.secretKey(), config.region(),
                config.bucket());
    }

    /**
     * Every Kafka client starts from micronaut-kafka's {@code kafka.*} configuration (the same settings its
     * health check and its listeners and producers use): {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} reaches
     * every client. With a meter registry (the services), each client's Kafka metrics are on it while it lives.
     */
    @Singleton
    KafkaClients kafkaClients(KafkaDefaultConfiguration kafka, @Nullable MeterRegistry meters) {
        KafkaClients clients = KafkaClients.fromConfiguration(kafka.getConfig());
        return meters == null ? clients : clients.withMeters(meters);
    }
}
