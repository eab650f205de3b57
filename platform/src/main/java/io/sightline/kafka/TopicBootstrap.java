package io.sightline.kafka;

import io.sightline.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the SPEC topics that are missing, with the settings of {@link Topics#ALL} and the
 * configured partitions and replication factor. Existing topics are left as they are, so this is
 * safe against a real cluster whose topics an operator (or Strimzi) manages.
 */
public final class TopicBootstrap {
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
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot reach Kafka to create topics (" + cause
                    + "); check kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS) and the kafka.* security settings", e);
        }
    }

    /** The topic this class creates for {@code spec}. */
    public static NewTopic newTopic(String name, Topics.TopicSpec spec, int partitions, short replicationFactor) {
        return new NewTopic(name, spec.partitions(partitions), replicationFactor).configs(spec.config());
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
