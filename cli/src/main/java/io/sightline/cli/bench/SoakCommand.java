package io.sightline.cli.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sightline soak}: steady load with broker restarts and model swaps; exactly once, latency and memory over time. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Runs the all-in-one process (embedded Kafka, S3, the three services),",
            "publishes a model and keeps a steady classify load over Kafka with unique",
            "requestIds; every --restart-every the broker stops and starts again on its",
            "log dir, every --swap-every the next model version is published. Prints a",
            "row per interval (sent, answered, p50/p95/p99 send-to-result latency, RSS,",
            "heap), then counts the committed results per request from the start of the",
            "results topic. A result lost or doubled, or a disruption that failed: exit 1."},
        footer = {"", "Bound the heap for an RSS that can level off (by default the JVM may",
            "grow it to a quarter of the memory).",
            "", "Examples:", "  JAVA_OPTS=-Xmx2g ./sightline soak --duration 10m --json soak.json",
            "  ./sightline soak --backbone tiny --duration 40s --restart-every 15s \\",
            "      --swap-every 10s --report-every 10s"})
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10m", converter = DurationOption.class,
            description = "How long the load runs, e.g. 40s, 10m, 1h (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--restart-every", paramLabel = "DURATION", defaultValue = "3m", converter = DurationOption.class,
            description = "Stop and start the embedded broker this often; 0 never (default: ${DEFAULT-VALUE}).")
    Duration restartEvery;

    @Option(names = "--swap-every", paramLabel = "DURATION", defaultValue = "2m", converter = DurationOption.class,
            description = "Publish the next model version this often; 0 never (default: ${DEFAULT-VALUE}).")
    Duration swapEvery;

    @Option(names = "--report-every", paramLabel = "DURATION", defaultValue = "1m", converter = DurationOption.class,
            description = "One row of the table per interval this long (default: ${DEFAULT-VALUE}).")
    Duration reportEvery;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationOption.class,
            description = "After the load, the longest wait for outstanding results (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @ArgGroup(exclusive = true)
    Load load;

    /** Open loop at a rate, or closed loop at a concurrency. */
    static final class Load {
        @Option(names = "--rate", paramLabel = "N", description = "Requests per second, whatever the answers do (default: 5).")
        Double rate;

        @Option(names = "--concurrency", paramLabel = "N", description = "Instead of --rate: N requests kept outstanding.")
        Integer concurrency;
    }

    @CommandLine.Mixin
    AllInOneRunOptions run;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SoakPacer pacer = validate();
        String loadAtStart = MachineProbe.loadAverage();
        Progress progress = new Progress(System.err);
        AllInOneRunOptions.Prepared prepared = run.prepare(progress);
        SoakRun.Outcome outcome;
        try (BenchServer server = run.startServer(prepared, Map.of(), progress)) {
            outcome = new SoakRun(new SoakRun.Settings(duration, restartEvery, swapEvery, reportEvery, drainTimeout),
                    progress).run(server, prepared.model(), pacer);
        }
        SoakResult result = SoakResults.of(outcome, MachineProbe.describe(run.providerName(), loadAtStart),
                prepared.described(), settings(pacer));
        System.out.print(SoakReport.render(result));
        run.writeJson(result);
        if (!result.passed()) {
            System.err.println("error: " + (result.failure() != null ? result.failure()
                    : result.totals().lost() + " results lost, " + result.totals().doubled() + " doubled"));
            return 1;
        }
        return 0;
    }

    private SoakResult.Settings settings(SoakPacer pacer) {
        return new SoakResult.Settings(DurationOption.format(duration), every(restartEvery), every(swapEvery),
                DurationOption.format(reportEvery), pacer.describe(), EndToEndStage.picturesDescription(),
                MemoryProbe.heapMaxMib());
    }

    private static String every(Duration period) {
        return period.isZero() ? "never" : DurationOption.format(period);
    }

    private SoakPacer validate() {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || reportEvery.compareTo(Duration.ofSeconds(1)) < 0
                || drainTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--duration, --report-every and --drain-timeout must be at least 1 s");
        }
        if (isBelow(restartEvery, Duration.ofSeconds(5)) || isBelow(swapEvery, Duration.ofSeconds(1))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--restart-every must be 0 or at least 5 s, --swap-every 0 or at least 1 s");
        }
        run.executionProvider(spec.commandLine());
        if (load != null && load.concurrency != null) {
            if (load.concurrency < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--concurrency must be at least 1");
            }
            return SoakPacer.concurrency(load.concurrency);
        }
        double rate = load != null && load.rate != null ? load.rate : 5;
        if (!(rate > 0 && rate <= 10_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be above 0 and at most 10000");
        }
        return SoakPacer.rate(rate);
    }

    private static boolean isBelow(Duration period, Duration least) {
        return !period.isZero() && period.compareTo(least) < 0;
    }
}
