package io.sightline.cli.bench;

import io.sightline.contract.Topics;
import io.sightline.inference.InferenceConfig;
import io.sightline.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One soak on a running all-in-one process: model version 1 published, then steady classify load over
 * Kafka with the broker restarted and the model swapped on their periods, a row per reporting interval;
 * at the end sending stops, the stragglers are waited for (bounded) and the committed results counted
 * per request.
 */
final class SoakRun {
    private static final Duration COUNT_TIMEOUT = Duration.ofMinutes(2);
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** The run's periods; a zero restart or swap period leaves that disruption out. */
    record Settings(Duration duration, Duration restartEvery, Duration swapEvery, Duration reportEvery,
                    Duration drainTimeout) {
    }

    /** What the run saw; {@code failure} is the first disruption that could not be completed, or null. */
    record Outcome(List<SoakInterval> intervals, List<SoakEvent> events, SoakLedger ledger, ResultCount.Outcome counts,
                   LoopMeters meters, int servedVersion, long readerPollFailures, String failure) {
    }

    private final Settings settings;
    private final Progress progress;
    private final Topics topics = Topics.defaults();
    private final IntervalStats stats = new IntervalStats();
    private final List<SoakInterval> intervals = new ArrayList<>();
    private long sentBefore;

    SoakRun(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    Outcome run(BenchServer server, BenchModel model, SoakPacer pacer) {
        ModelPublisher publisher = new ModelPublisher(server.store(), server.kafkaBootstrap(), server.client());
        progress.line("publishing model version 1 and waiting until it is served");
        publisher.publish(model, 1, Disruptions.SWAP_TIMEOUT);
        RequestPictures pictures = RequestPictures.upload(server.store(), EndToEndStage.DISTINCT_PICTURES,
                EndToEndStage.WIDTH, EndToEndStage.HEIGHT);
        KafkaClients clients = KafkaClients.plaintext(server.kafkaBootstrap());
        SoakLedger ledger = new SoakLedger("soak-" + UUID.randomUUID().toString().substring(0, 8) + "-");
        Disruptions disruptions;
        long pollFailures;
        try (SoakReader reader = new SoakReader(clients, topics.classifyResults(), ledger, pacer, stats);
             SoakSender sender = new SoakSender(clients, topics.classifyRequests(), pictures, ledger, pacer)) {
            reader.start();
            sender.start();
            long start = System.nanoTime();
            progress.line("soak: " + pacer.describe() + " for " + DurationOption.format(settings.duration()));
            disruptions = new Disruptions(server.allInOne(), publisher, model, 1, start, progress);
            try {
                disruptions.start(settings.restartEvery(), settings.swapEvery(), settings.duration());
                sampleIntervals(start, ledger, disruptions, sender::stop);
            } finally {
                disruptions.close(); // a restart or swap in progress completes
            }
            progress.line("stopped sending; waiting up to " + DurationOption.format(settings.drainTimeout()) + " for "
                    + ledger.outstanding() + " outstanding requests");
            waitUntil(System.nanoTime() + settings.drainTimeout().toNanos(), () -> ledger.outstanding() == 0);
            addRow("drain", System.nanoTime() - start, ledger, disruptions);
            pollFailures = reader.pollFailures();
        }
        progress.line("counting the committed results per request from the start of the results topic");
        String groupId = server.allInOne().services().getBean(InferenceConfig.class).groupId();
        ResultCount.Outcome counts = ResultCount.count(clients, topics.classifyRequests(), topics.classifyResults(),
                groupId, ledger, COUNT_TIMEOUT);
        return new Outcome(List.copyOf(intervals), disruptions.all(), ledger, counts,
                LoopMeters.read(server.allInOne().services()), server.client().servedVersion().orElse(0), pollFailures,
                disruptions.failure());
    }

    /**
     * A row at every reporting period until the duration is over, or until a disruption failed; sending
     * stops ({@code stopSending}) before the last row, so that the drain row holds no new request.
     */
    private void sampleIntervals(long start, SoakLedger ledger, Disruptions disruptions, Runnable stopSending) {
        long end = start + settings.duration().toNanos();
        long every = settings.reportEvery().toNanos();
        for (long next = start + every; ; next += every) {
            long due = Math.min(next, end);
            waitUntil(due, () -> disruptions.failure() != null);
            long elapsed = Math.min(System.nanoTime(), due) - start;
            boolean last = due == end || disruptions.failure() != null;
            if (last) {
                stopSending.run();
            }
            addRow(SoakInterval.clock(elapsed / 1e9), elapsed, ledger, disruptions);
            if (last) {
                return;
            }
        }
    }

    private void addRow(String label, long elapsedNanos, SoakLedger ledger, Disruptions disruptions) {
        long sent = ledger.sentCount();
        SoakInterval row = SoakInterval.of(label, elapsedNanos / 1e9, sent - sentBefore, stats.drain(),
                disruptions.takeCompleted());
        sentBefore = sent;
        intervals.add(row);
        progress.line(String.format(Locale.ROOT, "%s: sent %d, answered %d (%d errors), p50 %s ms, p99 %s ms, "
                        + "RSS %.0f MiB, heap after GC %.0f of %.0f MiB, model %s%s", row.label(), row.sent(),
                row.results(), row.errors(), orDash(row.p50Ms()), orDash(row.p99Ms()), row.rssMib(), row.heapAfterGcMib(),
                row.heapCommittedMib(),
                row.modelVersions().isEmpty() ? "-" : row.modelVersions(),
                row.events().isEmpty() ? "" : "; " + String.join(", ", row.events())));
    }

    private static String orDash(Double ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.0f", ms);
    }

    /** Parks until {@code deadline} (System.nanoTime) or until {@code done}, checking every 200 ms. */
    private static void waitUntil(long deadline, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, CHECK_NANOS));
        }
    }
}
