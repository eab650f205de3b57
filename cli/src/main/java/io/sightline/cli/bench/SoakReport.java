package io.sightline.cli.bench;

import io.sightline.cli.console.Table;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;

/** The soak's table and summary, as printed. */
final class SoakReport {
    private SoakReport() {
    }

    static String render(SoakResult result) {
        SoakResult.Settings settings = result.settings();
        SoakResult.Totals totals = result.totals();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Soak: %s of %s (%s), %s; broker restart every %s, model swap every %s%n",
                settings.duration(), settings.load(), settings.pictures(), result.backbone().id()
                        + (result.backbone().pretrained().known() ? "" : ", pretrained: " + result.backbone().pretrained().wire()),
                settings.restartEvery(), settings.swapEvery()));
        Table table = new Table("time", "sent", "answered", "errors", "p50 ms", "p95 ms", "p99 ms", "RSS MiB",
                "heap MiB", "committed", "model", "events");
        for (SoakInterval row : result.intervals()) {
            table.row(row.label(), row.sent(), row.results(), row.errors(), ms(row.p50Ms()), ms(row.p95Ms()),
                    ms(row.p99Ms()), whole(row.rssMib()), whole(row.heapAfterGcMib()), whole(row.heapCommittedMib()),
                    row.modelVersions(),
                    String.join(", ", row.events()));
        }
        out.append(table.render());
        out.append(String.format(Locale.ROOT, "(time: interval end; answered: first results read in it; heap: in use "
                + "after the last GC; committed: heap taken by the JVM, max %.0f MiB)%n", settings.maxHeapMib()));
        out.append(String.format(Locale.ROOT, "Requests: %d sent, %d acknowledged by the broker, %d send failures%s%n",
                totals.sent(), totals.acknowledged(), totals.sendFailures(),
                totals.firstSendFailure() == null ? "" : " (first: " + totals.firstSendFailure() + ")"));
        out.append(String.format(Locale.ROOT, "Committed results: %d requests answered, %d error results; "
                        + "lost %d, doubled %d%s%s%n", totals.committed(), totals.errors(), totals.lost(),
                totals.doubled(), totals.unexpected() == 0 ? "" : ", " + totals.unexpected() + " answered after a failed send",
                totals.groupCommittedAll() ? "" : " (the inference group had not committed every request)"));
        out.append(String.format(Locale.ROOT, "Broker restarts: %d (%s); model swaps: %d (%s), version %d served at the end%n",
                totals.restarts(), range(result.events(), "restart", "stop to ready"), totals.swaps(),
                range(result.events(), "swap", "served after"), totals.servedVersion()));
        out.append(rss(result.rss(), totals.peakRssMib()));
        LoopMeters meters = result.serviceMeters();
        out.append(String.format(Locale.ROOT, "Inference request loop: %d aborted transactions, %d restarts, %d fenced%n",
                meters.aborts(), meters.restarts(), meters.fenced()));
        BenchResult.Machine machine = result.machine();
        out.append(String.format(Locale.ROOT, "Machine: %s, %d cores, Java %s, ONNX Runtime %s; load average %s at the "
                        + "start, %s at the end%n", machine.cpuModel(), machine.cores(), machine.javaVersion(),
                machine.ortVersion(), machine.loadAverageStart(), machine.loadAverageEnd()));
        if (result.failure() != null) {
            out.append("FAILED: ").append(result.failure()).append('\n');
        }
        out.append(result.passed() ? "Exactly once: yes (lost 0, doubled 0)\n"
                : "Exactly once: NO; lost " + totals.lostIds() + ", doubled " + totals.doubledIds() + "\n");
        return out.toString();
    }

    /** {@code stop to ready 3.9-5.2 s}: the shortest and longest of the completed events of a kind. */
    private static String range(List<SoakEvent> events, String kind, String what) {
        DoubleSummaryStatistics seconds = events.stream().filter(e -> e.kind().equals(kind) && e.ok())
                .mapToDouble(SoakEvent::seconds).summaryStatistics();
        return seconds.getCount() == 0 ? "none"
                : String.format(Locale.ROOT, "%s %.1f-%.1f s", what, seconds.getMin(), seconds.getMax());
    }

    private static String rss(RssTrend rss, double peakMib) {
        if (rss.growthMib() == null) {
            return String.format(Locale.ROOT, "RSS: %s; VmHWM %.0f MiB%n", rss.verdict(), peakMib);
        }
        return String.format(Locale.ROOT, "RSS: %s; peak first half %.0f MiB, second half %.0f MiB (%+.0f MiB), "
                        + "second-half slope %+.1f MiB/min; VmHWM %.0f MiB%n", rss.verdict(), rss.firstHalfPeakMib(),
                rss.secondHalfPeakMib(), rss.growthMib(), rss.secondHalfSlopeMibPerMinute(), peakMib);
    }

    private static String ms(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String whole(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
