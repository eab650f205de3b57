package io.sightline.inference.kafka;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** {@link ReplyTopics.TopicLookup} through the Kafka admin client (describe, bounded wait). */
public final class AdminTopicLookup implements ReplyTopics.TopicLookup, AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final Admin admin;

    public AdminTopicLookup(Admin admin) {
        this.admin = admin;
    }

    @Override
    public Optional<String> problem(String topic) {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(WAIT_SECONDS, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.of("replyTopic " + topic + " does not exist; create it before sending requests that name it");
            }
            if (e.getCause() instanceof TopicAuthorizationException) {
                return Optional.of("replyTopic " + topic + " is not open to the inference service (its ACLs)");
            }
            return Optional.of("replyTopic " + topic + " could not be checked: " + e.getCause());
        } catch (TimeoutException e) {
            return Optional.of("replyTopic " + topic + " could not be checked within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("replyTopic " + topic + " could not be checked: interrupted");
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
