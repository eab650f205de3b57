package io.sightline.trainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The lease to train: partition 0 once ready, and a revocation of partition 0 that waits for the training. */
class TrainingLeaseTest {
    private static final TopicPartition P0 = new TopicPartition("images", 0);
    private static final TopicPartition P1 = new TopicPartition("images", 1);

    @Test
    void heldOnlyWithPartitionZeroOnceReady() {
        TrainingLease lease = new TrainingLease(TrainerConfig.ROLE_ALL);
        lease.assigned(List.of(P0, P1));
        assertFalse(lease.isHeld(), "not before the replica's state is loaded");
        lease.ready();
        assertTrue(lease.isHeld());
        assertEquals(Optional.of("trained"), lease.whileHeld(() -> "trained"));
        lease.revoked(List.of(P0));
        assertFalse(lease.isHeld());
        assertEquals(Optional.empty(), lease.whileHeld(() -> "trained"), "no training without the lease");
    }

    @Test
    void revokingPartitionZeroReturnsOnlyAfterTheTrainingInProgressEnded() throws Exception {
        TrainingLease lease = new TrainingLease(TrainerConfig.ROLE_ALL);
        lease.ready();
        lease.assigned(List.of(P0));
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch training = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Optional<String>> trained = CompletableFuture.supplyAsync(() -> lease.whileHeld(() -> {
            training.countDown();
            awaitQuietly(finish);
            order.add("training ended");
            return "v1";
        }));
        assertTrue(training.await(10, TimeUnit.SECONDS));
        Thread revoker = new Thread(() -> {
            lease.revoked(List.of(P0));
            order.add("revocation returned");
        });
        revoker.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> revoker.getState() == Thread.State.WAITING
                || !revoker.isAlive());
        finish.countDown();
        revoker.join(10_000);
        assertEquals(Optional.of("v1"), trained.join());
        assertEquals(List.of("training ended", "revocation returned"), order);
    }

    @Test
    void anEmbedReplicaNeverHoldsTheLeaseEvenWithPartitionZero() {
        TrainingLease lease = new TrainingLease(TrainerConfig.ROLE_EMBED);
        lease.ready();
        lease.assigned(List.of(P0, P1));
        assertFalse(lease.isHeld(), "role embed: embeds its partitions, never trains");
        assertEquals(Optional.empty(), lease.whileHeld(() -> "trained"));
    }

    @Test
    void aHeadHoldsTheLeaseOnceReadyWithoutAnyPartition() {
        TrainingLease lease = new TrainingLease(TrainerConfig.ROLE_HEAD);
        assertFalse(lease.isHeld(), "not before the head's state is loaded");
        lease.ready();
        assertTrue(lease.isHeld(), "role head: joins no group, leads by being the one head");
        assertEquals(Optional.of("trained"), lease.whileHeld(() -> "trained"));
    }

    @Test
    void theRoleIsOneOfThreeAndDecidesWhoEmbedsAndWhoTrains() {
        assertTrue(config(TrainerConfig.ROLE_ALL).embeds() && config(TrainerConfig.ROLE_ALL).mayTrain());
        assertTrue(!config(TrainerConfig.ROLE_HEAD).embeds() && config(TrainerConfig.ROLE_HEAD).mayTrain());
        assertTrue(config(TrainerConfig.ROLE_EMBED).embeds() && !config(TrainerConfig.ROLE_EMBED).mayTrain());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> config("HEAD"));
        assertTrue(e.getMessage().contains("SIGHTLINE_TRAINER_ROLE"), e.getMessage());
    }

    private static TrainerConfig config(String role) {
        return TrainerConfigs.withRole(role);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
