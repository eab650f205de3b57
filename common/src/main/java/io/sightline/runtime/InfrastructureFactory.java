package io.sightline.runtime;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.sightline.events.Topics;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** The shared beans: topic names, the object store, and the Kafka bootstrap address. */
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

    @Singleton
    @Named("bootstrapServers")
    String bootstrapServers(@Value("${kafka.bootstrap.servers:localhost:9092}") String servers) {
        return servers;
    }
}
