package io.sightline.cli.bench;

/** Turns a soak's outcome into its {@link SoakResult}: the totals and the RSS trend. */
final class SoakResults {
    private SoakResults() {
    }

    static SoakResult of(SoakRun.Outcome outcome, BenchResult.Machine machine, BenchResult.Backbone backbone,
                         SoakResult.Settings settings) {
        SoakLedger ledger = outcome.ledger();
        ResultCount.Outcome counts = outcome.counts();
        long errors = outcome.intervals().stream().mapToLong(SoakInterval::errors).sum();
        long restarts = outcome.events().stream().filter(e -> e.ok() && "restart".equals(e.kind())).count();
        long swaps = outcome.events().stream().filter(e -> e.ok() && "swap".equals(e.kind())).count();
        SoakResult.Totals totals = new SoakResult.Totals(ledger.sentCount(), ledger.acknowledgedCount(),
                ledger.failedCount(), ledger.firstFailure(), counts.committed(), errors, counts.lost(), counts.doubled(),
                counts.unexpected(), counts.groupCommittedAll(), counts.lostIds(), counts.doubledIds(), restarts, swaps,
                outcome.servedVersion(), MemoryProbe.peakRssMib(), outcome.readerPollFailures());
        // The drain row is left out of the trend: it is shorter and the load has stopped.
        var rows = outcome.intervals().stream().filter(row -> !"drain".equals(row.label())).toList();
        RssTrend rss = RssTrend.of(rows.stream().map(SoakInterval::endSeconds).toList(),
                rows.stream().map(SoakInterval::rssMib).toList());
        return new SoakResult(machine, backbone, settings, outcome.intervals(), outcome.events(), totals, rss,
                outcome.meters(), outcome.failure());
    }
}
