package io.sightline.trainer;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The right to train a head: held by the replica that owns partition 0 of the images topic in the
 * embedding group, once its state is loaded. A training runs inside {@link #whileHeld}; when partition
 * 0 is revoked, {@link #revoked} returns only after the training in progress ended. With the
 * cooperative rebalance protocol the next owner gets partition 0 only after that, so two replicas never
 * train at once while their group membership is alive. (A replica stalled past the session timeout is
 * stopped at publication by the fenced model-events producer: {@link ModelEvents}.)
 *
 * <p>The replica's role ({@code sightline.trainer.role}) decides what holds the lease: {@code all}: partition 0
 * as above; {@code embed}: never (the replica embeds and never trains); {@code head}: its loaded state alone.
 * A head joins no group; it is run as exactly one replica (a Kubernetes Deployment with strategy Recreate),
 * and a second head that still ran (a node cut off from the cluster) could not publish: every training
 * claims the model's transactional id first.
 */
final class TrainingLease {
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final ReentrantLock training = new ReentrantLock();
    private final String role;
    private volatile boolean ready;

    TrainingLease(String role) {
        this.role = role;
    }

    /** The replica's state is loaded: it may train once it owns partition 0. */
    void ready() {
        ready = true;
    }

    boolean isHeld() {
        return switch (role) {
            case TrainerConfig.ROLE_EMBED -> false;
            case TrainerConfig.ROLE_HEAD -> ready;
            default -> ready && owned.stream().anyMatch(partition -> partition.partition() == 0);
        };
    }

    void assigned(Collection<TopicPartition> partitions) {
        owned.addAll(partitions);
    }

    /** Gives the partitions up; when partition 0 is among them, waits for the training in progress to end. */
    void revoked(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
        if (partitions.stream().anyMatch(partition -> partition.partition() == 0)) {
            training.lock();
            training.unlock();
        }
    }

    /** Partitions the group already gave to another replica: nothing to wait for. */
    void lost(Collection<TopicPartition> partitions) {
        owned.removeAll(partitions);
    }

    /** Runs {@code work} holding the lease; empty when this replica does not hold it. */
    <T> Optional<T> whileHeld(Supplier<T> work) {
        training.lock();
        try {
            return isHeld() ? Optional.of(work.get()) : Optional.empty();
        } finally {
            training.unlock();
        }
    }
}
