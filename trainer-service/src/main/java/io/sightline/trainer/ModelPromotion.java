package io.sightline.trainer;

import io.sightline.contract.ModelStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a chosen version (POST /api/models/{version}/promote): a candidate the gate rejected, or an
 * earlier version to roll back to. It announces the version on {@code sightline.models} exactly as a
 * trained one is announced; the services follow the last announcement, whatever its number. A rejected
 * record becomes promoted, with who did it and what the gate had said. Only the replica that holds the
 * training lease announces (it owns the model's fenced writer, {@link ModelEvents}); another replica answers
 * {@link Outcome#NOT_LEADER} rather than fence the leader's next publication.
 */
@Singleton
public class ModelPromotion {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPromotion.class);

    private final ModelRegistry registry;
    private final ModelEvents events;
    private final EmbeddingWorker leadership;

    ModelPromotion(ModelRegistry registry, ModelEvents events, EmbeddingWorker leadership) {
        this.registry = registry;
        this.events = events;
        this.leadership = leadership;
    }

    /** What a promotion did. */
    public enum Outcome {
        ANNOUNCED, NOT_FOUND, NOT_LEADER
    }

    /** What {@link #promote} did, with the record when it was announced. */
    public record Result(Outcome outcome, Optional<ModelRecord> record) {
    }

    /** Announces {@code version} when it exists (completed) and this replica leads; see {@link Outcome}. */
    public Result promote(int version, String by) {
        return leadership.whileLeader(() -> announce(version, by)
                        .map(record -> new Result(Outcome.ANNOUNCED, Optional.of(record)))
                        .orElseGet(() -> new Result(Outcome.NOT_FOUND, Optional.empty())))
                .orElseGet(() -> new Result(Outcome.NOT_LEADER, Optional.empty()));
    }

    private Optional<ModelRecord> announce(int version, String by) {
        Optional<ModelRecord> found = registry.find(version).filter(record -> record.sha256() != null);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ModelRecord record = found.get();
        events.published(record.published());
        if (!record.promoted()) {
            record = record.withStatus(ModelStatus.PROMOTED, "promoted by " + by + " at " + Instant.now()
                    + "; the gate had rejected it: " + record.reason(), record.sha256());
            registry.updateRecord(record);
        }
        LOG.info("Model {} version {} announced as the served version by {}", registry.name(), version, by);
        return Optional.of(record);
    }
}
