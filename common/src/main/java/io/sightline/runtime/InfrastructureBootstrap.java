package io.sightline.runtime;

import io.micronaut.context.annotation.Context;
import io.sightline.events.Topics;
import io.sightline.kafka.TopicBootstrap;
import io.sightline.storage.ObjectStore;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** At start-up, creates the missing SPEC topics and the bucket, so a fresh cluster just works. */
@Context
public class InfrastructureBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureBootstrap.class);

    private final KafkaTopicsConfig config;
    private final Topics topics;
    private final ObjectStore store;
    private final String bootstrapServers;

    InfrastructureBootstrap(KafkaTopicsConfig config, Topics topics, ObjectStore store,
                            @Named("bootstrapServers") String bootstrapServers) {
        this.config = config;
        this.topics = topics;
        this.store = store;
        this.bootstrapServers = bootstrapServers;
    }

    @PostConstruct
    void bootstrap() {
        store.ensureBucket();
        if (!config.createTopics()) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            List<String> created = new TopicBootstrap(admin)
                    .ensureTopics(topics, config.partitions(), config.replicationFactor());
            if (!created.isEmpty()) {
                LOG.info("Created topics {}", created);
            }
        }
    }
}
