package io.sightline.runtime;

import io.micronaut.context.annotation.Context;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaAccess;
import io.sightline.kafka.KafkaClients;
import io.sightline.kafka.TopicBootstrap;
import io.sightline.security.SafeDefaults;
import io.sightline.storage.ObjectStore;
import jakarta.annotation.PostConstruct;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, checks that Kafka lets this service in (a wrong password or protocol stops the start
 * with one line, instead of a green readiness over failing clients), then creates the missing SPEC
 * topics and the bucket, so a fresh cluster just works.
 */
@Context
public class InfrastructureBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureBootstrap.class);

    private final KafkaTopicsConfig config;
    private final Topics topics;
    private final ObjectStore store;
    private final KafkaClients kafka;

    /** {@code safeDefaults}: its checks run first, so an unsafe configuration stops the start before any connection. */
    InfrastructureBootstrap(KafkaTopicsConfig config, Topics topics, ObjectStore store, KafkaClients kafka,
                            SafeDefaults safeDefaults) {
        this.config = config;
        this.topics = topics;
        this.store = store;
        this.kafka = kafka;
    }

    @PostConstruct
    void bootstrap() {
        store.ensureBucket();
        try (Admin admin = kafka.admin()) {
            KafkaAccess.check(admin, kafka);
            if (!config.createTopics()) {
                return;
            }
            List<String> created = new TopicBootstrap(admin)
                    .ensureTopics(topics, config.partitions(), config.replicationFactor());
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
        }
    }
}
