package io.sightline.trainer;

import io.micronaut.configuration.kafka.ConsumerAware;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.sightline.concurrent.Pause;
import io.sightline.concurrent.Threads;
import io.sightline.contract.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka edge of the embedding work: a consumer group per backbone on {@code sightline.images}
 * splits the pictures by partition across trainer replicas; each batch goes to {@link EmbeddingWorker}
 * and its offsets are committed only after the embeddings are acknowledged. A batch that fails is read
 * again after 5 s, for as long as it fails. The committed offsets carry the
 * backbone id: a replica that finds another backbone's offsets (e.g. after an offline fallback to the
 * generated backbone) reads the partition again from the start. The listener starts paused and resumes
 * once the feature cache is loaded, so no picture is embedded twice after a restart. A replica with the role
 * {@code head} ({@code sightline.trainer.role}) has no listener: it joins no group and embeds nothing.
 */
@Requires(property = "sightline.trainer.role", notEquals = TrainerConfig.ROLE_HEAD)
@KafkaListener(groupId = "${sightline.trainer.embed-group:sightline-trainer-embed}", clientId = EmbeddingListener.CLIENT_ID,
        batch = true, autoStartup = false,
        offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.DISABLED,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "5s",
                retryCount = Integer.MAX_VALUE),
        properties = {
                @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "64"),
                @Property(name = ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, value = "600000"),
                @Property(name = ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, value = "false"),
                @Property(name = ConsumerConfig.ISOLATION_LEVEL_CONFIG, value = "read_committed"),
                @Property(name = ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        value = "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")})
public class EmbeddingListener implements ConsumerRebalanceListener, ConsumerAware<String, byte[]>,
        ApplicationEventListener<StartupEvent> {
    static final String CLIENT_ID = "sightline-trainer-embed";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingListener.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(5);

    private final EmbeddingWorker worker;
    private final Followers followers;
    private final ConsumerRegistry registry;
    private volatile Consumer<String, byte[]> consumer;
    private volatile boolean stopping;

    EmbeddingListener(EmbeddingWorker worker, Followers followers, ConsumerRegistry registry) {
        this.worker = worker;
        this.followers = followers;
        this.registry = registry;
    }

    @Topic("${sightline.kafka.topic-prefix}" + Topics.IMAGES)
    void receive(List<ConsumerRecord<String, byte[]>> records, Consumer<String, byte[]> kafka) {
        try {
            worker.embed(records);
            kafka.commitSync(offsetsAfter(records));
        } catch (RuntimeException e) {
            // Read again here rather than through micronaut-kafka's retry strategy, which seeks back only the
            // partitions assigned before the poll: a batch of a partition assigned during it would be skipped.
            LOG.warn("Embedding {} record(s) failed ({}); reading them again in {} s", records.size(), e.toString(),
                    RETRY_DELAY.toSeconds());
            rewind(kafka, records);
            Pause.pause(RETRY_DELAY, () -> !stopping);
        }
    }

    /** Seeks every partition of the batch this replica still owns back to the batch's first record. */
    private static void rewind(Consumer<String, byte[]> kafka, List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        Set<TopicPartition> owned = kafka.assignment();
        first.forEach((partition, offset) -> {
            if (owned.contains(partition)) {
                kafka.seek(partition, offset);
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> offsetsAfter(List<ConsumerRecord<String, byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1, worker.backboneId()),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    @Override
    public void setKafkaConsumer(@NonNull Consumer<String, byte[]> consumer) {
        this.consumer = consumer;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        rewindOtherBackbones(partitions);
        worker.assigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        worker.revoked(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        worker.lost(partitions);
    }

    /** Partitions whose committed offsets were written for another backbone are read again from the start. */
    private void rewindOtherBackbones(Collection<TopicPartition> partitions) {
        Consumer<String, byte[]> kafka = consumer;
        if (kafka == null || partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> otherBackbone = kafka.committed(Set.copyOf(partitions)).entrySet().stream()
                .filter(entry -> entry.getValue() != null && !worker.backboneId().equals(entry.getValue().metadata()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        if (!otherBackbone.isEmpty()) {
            LOG.info("Offsets of {} were committed for another backbone; embedding them again with {}",
                    otherBackbone, worker.backboneId());
            kafka.seekToBeginning(otherBackbone);
        }
    }

    /** Once the context has started, waits (off the start-up thread) for the feature cache, then starts consuming. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        Threads.daemon("embedding-start", this::resumeWhenLoaded).start();
    }

    private void resumeWhenLoaded() {
        while (!stopping && !followers.awaitCaughtUp(Duration.ofSeconds(1))) {
            LOG.debug("Waiting for the feature cache to load before embedding");
        }
        while (!stopping) {
            if (registry.getConsumerIds().contains(CLIENT_ID)) {
                worker.started();
                registry.resume(CLIENT_ID);
                return;
            }
            Pause.pause(Duration.ofMillis(100));
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        stopping = true;
    }
}
