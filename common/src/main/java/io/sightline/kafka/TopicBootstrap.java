package io.sightline.kafka;

import io.sightline.events.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the SPEC topics that are missing, with the configured partitions and replication factor;
 * {@code images} and {@code embeddings} are log-compacted. Existing topics are left as they are, so
 * this is safe against a real cluster whose topics an operator (or Strimzi) manages.
 */
public final class TopicBootstrap {
    /** Largest classify request a topic accepts (and producers send): a 1 MiB picture inline, with room. */
    public static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;

    private final Admin admin;

    public TopicBootstrap(Admin admin) {
        this.admin = admin;
    }

    /** Returns the names of the topics it created. */
    public List<String> ensureTopics(Topics topics, int partitions, short replicationFactor) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : Topics.ALL) {
                String name = topics.name(spec);
                if (!existing.contains(name)) {
                    missing.add(newTopic(name, spec, partitions, replicationFactor));
                }
            }
            create(missing);
            return missing.stream().map(NewTopic::name).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka to create topics (" + e.getMessage()
                    + "); check kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS)", e);
        }
    }

    /** The topic-level configuration the code expects for a topic. */
    public static Map<String, String> configFor(Topics.TopicSpec spec) {
        if (spec.compacted()) {
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        if (Topics.MODELS.equals(spec.suffix())) {
            // The version history: kept forever, so a restarted service always finds the serving model.
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.RETENTION_MS_CONFIG, "-1");
        }
        if (Topics.CLASSIFY_REQUESTS.equals(spec.suffix())) {
            // A 1 MiB inline picture is ~1.4 MB of base64 JSON, over Kafka's 1 MB default.
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
        }
        if (Topics.DLQ.equals(spec.suffix())) {
            // Room for any request copied there, plus the headers that say why.
            return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_REQUEST_BYTES + 1024 * 1024));
        }
        return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    }

    private static NewTopic newTopic(String name, Topics.TopicSpec spec, int partitions, short replicationFactor) {
        int count = Topics.MODELS.equals(spec.suffix()) ? 1 : partitions;
        return new NewTopic(name, count, replicationFactor).configs(configFor(spec));
    }

    private void create(List<NewTopic> missing) throws InterruptedException, ExecutionException, TimeoutException {
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
