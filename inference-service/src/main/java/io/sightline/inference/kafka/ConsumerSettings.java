package io.sightline.inference.kafka;

import io.sightline.inference.InferenceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;

/**
 * The consumer settings of the request loop, on top of the connection settings every client shares
 * ({@link io.sightline.kafka.KafkaClients}); docs/inference.md says why each is what it is.
 */
public final class ConsumerSettings {
    private ConsumerSettings() {
    }

    public static Map<String, Object> of(InferenceConfig config, String instanceId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Not the producer's id (the transactional id): each client's metrics are its own.
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-" + instanceId + "-requests");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords());
        settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) config.maxPollInterval().toMillis());
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1000, config.sessionTimeout().toMillis() / 3));
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return settings;
    }
}
