package io.sightline.client;

import io.micronaut.context.ApplicationContext;
import io.sightline.contract.Topics;
import io.sightline.inference.TinyModels;
import io.sightline.inference.model.ModelSlot;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import static org.awaitility.Awaitility.await;

/**
 * A real inference service on its own slice of the shared embedded broker and S3 server (topic prefix,
 * bucket), allowing reply topics under {@code <prefix>replies.}, with the tiny red/green/blue model.
 */
public final class ServiceSlice implements AutoCloseable {
    public final TestInfra infra = TestInfra.get();
    public final String prefix = infra.uniquePrefix();
    public final String bucket = infra.uniqueBucket();
    public final Topics topics = infra.createTopics(prefix, 2);
    public final ObjectStore store = infra.store(bucket);
    public final String replyPrefix = prefix + "replies.";
    private final ApplicationContext service;

    private ServiceSlice(boolean withModel) {
        store.ensureBucket();
        if (withModel) {
            publishModel();
        }
        Map<String, Object> props = new HashMap<>(infra.micronautProperties(prefix, bucket));
        props.put("sightline.inference.provider", "cpu");
        props.put("sightline.inference.intra-op-threads", 1);
        props.put("sightline.inference.decode-threads", 2);
        props.put("sightline.inference.group-id", "inference-" + UUID.randomUUID());
        props.put("sightline.inference.instance-id", "client-test");
        props.put("sightline.inference.startup-model-wait", "1s");
        props.put("sightline.inference.reply-topic-prefixes", replyPrefix);
        this.service = ApplicationContext.run(props);
    }

    /**
     * A service serving the tiny model: returns once the model serves (its load, run plan measurement included,
     * may outlast the consumer's start-up wait; requests before it would be answered no_model and resent).
     */
    public static ServiceSlice withModel() {
        ServiceSlice slice = new ServiceSlice(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> slice.service.getBean(ModelSlot.class).servingVersion() >= 1);
        return slice;
    }

    /** A service with no model yet (answers no_model until {@link #publishModel()}). */
    public static ServiceSlice withoutModel() {
        return new ServiceSlice(false);
    }

    public void publishModel() {
        TinyModels.publish(store, infra.kafkaBootstrap(), topics.models(), 1, null);
    }

    public String bootstrap() {
        return infra.kafkaBootstrap();
    }

    /** Creates a reply topic (2 partitions) under the allowed prefix and returns its name. */
    public String newReplyTopic() {
        String topic = replyPrefix + "app-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create " + topic, e);
        }
        return topic;
    }

    public ClassifierSettings settings(String replyTopic) {
        return ClassifierSettings.of(bootstrap(), replyTopic).withRequestTopic(topics.classifyRequests());
    }

    @Override
    public void close() {
        service.close();
    }
}
