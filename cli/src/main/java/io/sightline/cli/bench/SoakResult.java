package io.sightline.cli.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code sightline soak --json FILE} writes.
 *
 * @param machine       where it ran
 * @param backbone      the model's backbone
 * @param settings      the run's options
 * @param intervals     one row per reporting interval, then the drain
 * @param events        every broker restart and model swap
 * @param totals        the counts of the whole run, the exactly-once check among them
 * @param rss           whether the resident set levelled off
 * @param serviceMeters the inference request loop's fault meters at the end
 * @param failure       a disruption that could not be completed, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SoakResult(BenchResult.Machine machine, BenchResult.Backbone backbone, Settings settings,
                         List<SoakInterval> intervals, List<SoakEvent> events, Totals totals, RssTrend rss,
                         LoopMeters serviceMeters, String failure) {

    /** The options as given, durations spelled as on the command line, and the JVM's largest heap (-Xmx). */
    public record Settings(String duration, String restartEvery, String swapEvery, String reportEvery, String load,
                           String pictures, double maxHeapMib) {
    }

    /**
     * @param sent              requests sent
     * @param acknowledged      of which the broker acknowledged
     * @param sendFailures      of which the producer gave up on (no result expected)
     * @param firstSendFailure  the first such failure, if any
     * @param committed         requests with a committed result
     * @param errors            error results among the first results
     * @param lost              acknowledged requests without a committed result (must be 0)
     * @param doubled           requests with more than one committed result (must be 0)
     * @param unexpected        requests answered although their send failed on the client
     * @param groupCommittedAll whether the inference group had committed every request before the count
     * @param lostIds           up to ten lost requestIds
     * @param doubledIds        up to ten doubled requestIds, with their count
     * @param restarts          broker restarts completed
     * @param swaps             model swaps served
     * @param servedVersion     the model version served at the end
     * @param peakRssMib        the process's peak resident set (VmHWM)
     * @param readerPollFailures polls of the soak's own result reader that failed (it kept going)
     */
    public record Totals(long sent, long acknowledged, long sendFailures, String firstSendFailure, long committed,
                         long errors, long lost, long doubled, long unexpected, boolean groupCommittedAll,
                         List<String> lostIds, List<String> doubledIds, long restarts, long swaps, int servedVersion,
                         double peakRssMib, long readerPollFailures) {
    }

    /** No result lost, none doubled, and every disruption completed. */
    boolean passed() {
        return totals.lost() == 0 && totals.doubled() == 0 && failure == null;
    }
}
