package io.sightline.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.sightline.contract.Topics;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.kafka.AdminTopicLookup;
import io.sightline.inference.kafka.ClassifyConsumerLoop;
import io.sightline.inference.kafka.ConsumerSettings;
import io.sightline.inference.kafka.PollProcessor;
import io.sightline.inference.kafka.ReplyTopics;
import io.sightline.inference.metrics.InferenceMetrics;
import io.sightline.inference.metrics.RequestLoopMeters;
import io.sightline.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the transactional request loop on {@code classify.requests} (unless {@code kafka-enabled} is false). */
@Context
@Requires(property = "sightline.inference.kafka-enabled", notEquals = "false")
public class KafkaRequests {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRequests.class);

    private final ClassifyConsumerLoop loop;
    private final AdminTopicLookup replyTopicLookup;

    KafkaRequests(KafkaClients kafka, Topics topics, InferenceConfig config,
                  ClassifyEngine engine, ModelFollower follower, InferenceMetrics metrics, MeterRegistry registry) {
        String instanceId = config.resolvedInstanceId();
        String transactionalId = config.resolvedTransactionalId(instanceId);
        LOG.info("Consumer group {} on {}, transactional id {}, reply topics {}*", config.groupId(),
                topics.classifyRequests(), transactionalId, String.join("*, ", config.replyTopicPrefixes()));
        long startedAt = System.nanoTime();
        Duration startupWait = config.startupModelWait();
        this.replyTopicLookup = new AdminTopicLookup(kafka.admin());
        ReplyTopics replyTopics = new ReplyTopics(config.replyTopicPrefixes(), replyTopicLookup, System::nanoTime);
        this.loop = new ClassifyConsumerLoop(
                topics.classifyRequests(),
                () -> kafka.consumer(ConsumerSettings.of(config, instanceId)),
                () -> kafka.producer(transactionalId, transactionalId),
                new PollProcessor(engine, topics, config.requestTimeout(), replyTopics),
                timeout -> follower.awaitInitialLoad(timeout) || pastStartupWait(startedAt, startupWait),
                new RequestLoopMeters(metrics, registry, topics.dlq()))
                .start();
    }

    private static boolean pastStartupWait(long startedAt, Duration wait) {
        boolean past = System.nanoTime() - startedAt > wait.toNanos();
        if (past) {
            LOG.warn("The start-up model load takes longer than {}; reading requests anyway", wait);
        }
        return past;
    }

    @PreDestroy
    void close() {
        loop.close();
        replyTopicLookup.close();
    }
}
