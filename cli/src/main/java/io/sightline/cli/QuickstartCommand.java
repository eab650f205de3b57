package io.sightline.cli;

import io.sightline.cli.console.Table;
import io.sightline.cli.quickstart.HoldoutEvaluation;
import io.sightline.cli.quickstart.QuickstartData;
import io.sightline.cli.quickstart.Quickstart;
import io.sightline.cli.quickstart.QuickstartOptions;
import io.sightline.cli.quickstart.QuickstartSummary;
import io.sightline.onnx.Precision;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline quickstart <folder>}: the whole tutorial in one command. */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"The whole tutorial in one command: ingest, train, evaluate, report.",
            "Ingests FOLDER (sub-folder name = label) on embedded Kafka and S3, trains on ResNet-50 features,",
            "evaluates the held-out split through the inference service, and shows accuracy, the confusion",
            "matrix and the misclassified pictures."},
        footer = {"", "Example:", "  ./sightline quickstart image/ --report report.html --json summary.json"})
public final class QuickstartCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FOLDER", description = "Folder laid out as FOLDER/<label>/<picture>.")
    Path folder;

    @Option(names = "--backbone", defaultValue = "resnet50",
            description = "resnet50 (downloaded once), resnet50-int8 (the zoo's int8 ResNet-50, downloaded once), "
                    + "generated (offline, not pretrained), tiny, or FILE.onnx (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Mixin
    io.sightline.cli.allinone.PretrainedOption pretrained;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--precision", defaultValue = "fp32",
            description = "fp32, or int8: the backbone quantized (served only if its test accuracy is within 1 point of fp32's) (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--test-fraction", defaultValue = "0.2", description = "Share held out for testing (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--seed", defaultValue = "2", description = "Split seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--report", defaultValue = "sightline-report.html", description = "HTML report to write (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--json", description = "Write the summary as JSON to this file.")
    Path json;

    @Option(names = "--data-dir", description = "Kafka and S3 data, kept (default: a fresh temporary folder, removed at the end).")
    Path dataDir;

    @Option(names = "--serve", description = "Keep serving afterwards (HTTP and Kafka), until Ctrl-C.")
    boolean serve;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port with --serve (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--holdout-label", paramLabel = "LABEL",
            description = {"Leave LABEL's pictures out of training and measure the unknown answer on them:",
                "AUROC of known test pictures vs LABEL's, and the share caught at the model's threshold."})
    String holdoutLabel;

    @Mixin
    ListenOptions listen;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        validate();
        ch.qos.logback.classic.Logger logs =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.sightline");
        ch.qos.logback.classic.Level level = logs.getLevel();
        if (!common.verbose) {
            // The tutorial's output on stdout; the services' progress logs only with --verbose.
            logs.setLevel(ch.qos.logback.classic.Level.WARN);
        }
        try {
            return runQuickstart();
        } finally {
            logs.setLevel(level);
        }
    }

    private int runQuickstart() throws Exception {
        QuickstartData data = QuickstartData.of(dataDir);
        QuickstartOptions options = new QuickstartOptions(folder, backbone, testFraction, seed, report, json, data.dir(),
                serve, listen.host, serve ? port : 0, serve ? listen.managementPortOrNext() : 0, Precision.parse(precision),
                holdoutLabel, pretrained.declared(spec.commandLine()));
        Quickstart.Run run;
        try {
            run = new Quickstart(options, System.out).run();
        } catch (RuntimeException | Error e) {
            removeIfTemporary(data);
            throw e;
        }
        print(run.summary(), System.out);
        if (run.allInOne() != null) {
            if (data.temporary()) {
                System.out.println("Data: " + data.dir() + " (temporary: removed when the quickstart stops; --data-dir keeps it)");
            }
            serveUntilStopped(run, () -> removeIfTemporary(data));
        } else {
            removeIfTemporary(data);
        }
        return 0;
    }

    private static void removeIfTemporary(QuickstartData data) {
        List<Path> left = data.removeIfTemporary();
        if (!left.isEmpty()) {
            System.err.println("warning: could not remove " + left.size() + " file(s) of the temporary data dir "
                    + data.dir() + ", e.g. " + left.get(0));
        }
    }

    private void validate() {
        if (!Files.isDirectory(folder)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "FOLDER '" + folder + "' is not a folder; expected FOLDER/<label>/<pictures>");
        }
        if (holdoutLabel != null && (holdoutLabel.isBlank() || holdoutLabel.length() > io.sightline.contract.Limits.LABEL
                || !Files.isDirectory(folder.resolve(holdoutLabel)))) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--holdout-label '" + holdoutLabel + "' is not a label folder of " + folder);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--test-fraction must be between 0 and 1 (exclusive), was " + testFraction);
        }
        pretrained.declared(spec.commandLine());
        try {
            Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--" + e.getMessage());
        }
    }

    private static void serveUntilStopped(Quickstart.Run run, Runnable afterClose) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run.allInOne().close();
                afterClose.run();
            } finally {
                stopped.countDown();
            }
        }, "sightline-shutdown"));
        System.out.println();
        UpCommand.printAddresses(run.allInOne(), System.out);
        String token = "SIGHTLINE_TOKEN=\"$(cat " + run.allInOne().adminTokenFile() + ")\"";
        System.out.println("Classify over HTTP:  " + token + "; curl -H \"Authorization: Bearer $SIGHTLINE_TOKEN\""
                + " -F file=@picture.jpg " + run.allInOne().webUrl() + "api/classify");
        System.out.println("Classify over Kafka: send {\"requestId\":\"r1\",\"object\":{\"bucket\":\"sightline\",\"key\":\"images/sha256/<hex>\"}}");
        System.out.println("                     to sightline.classify.requests on " + run.allInOne().kafkaBootstrap()
                + "; read sightline.classify.results (read_committed)");
        System.out.println("More pictures:       export " + token + "; ./sightline ingest FOLDER --server "
                + run.allInOne().webUrl() + ", then ./sightline train --server " + run.allInOne().webUrl());
        stopped.await();
    }

    static void print(QuickstartSummary summary, PrintStream out) {
        out.println();
        out.printf("Split: %d train, %d validation, %d test%n", summary.split().train(), summary.split().validation(),
                summary.split().test());
        Table iterations = new Table("iteration", "train loss", "train accuracy", "validation accuracy", "elapsed ms");
        summary.training().forEach(it -> iterations.row(it.iteration(), fmt(it.trainLoss()), fmt(it.trainAccuracy()),
                fmt(it.validationAccuracy()), it.elapsedMillis()));
        out.print(iterations.render());
        QuickstartSummary.Metrics metrics = summary.metrics();
        out.println();
        out.printf("Test accuracy %s   macro precision %s   macro recall %s   macro F1 %s   log-loss %s%n",
                fmt(metrics.accuracy()), fmt(metrics.macroPrecision()), fmt(metrics.macroRecall()),
                fmt(metrics.macroF1()), fmt(metrics.logLoss()));
        if (summary.backbone().pretrained() == io.sightline.contract.Pretrained.FALSE) {
            out.println("** pretrained: false — backbone " + summary.backbone().id()
                    + " has random weights; use --backbone resnet50 with network access for real accuracy **");
        } else if (summary.backbone().pretrained() == io.sightline.contract.Pretrained.UNKNOWN) {
            out.println("** pretrained: unknown — nothing says whether backbone " + summary.backbone().id()
                    + " has pretrained weights; say so with --pretrained true|false **");
        }
        out.println();
        out.println("Confusion matrix (rows: true label, columns: predicted)");
        java.util.List<String> labels = metrics.confusionMatrix().labels();
        String[] header = new String[labels.size() + 1];
        header[0] = "";
        for (int i = 0; i < labels.size(); i++) {
            header[i + 1] = labels.get(i);
        }
        Table confusion = new Table(header);
        for (int t = 0; t < labels.size(); t++) {
            Object[] row = new Object[labels.size() + 1];
            row[0] = labels.get(t);
            for (int p = 0; p < labels.size(); p++) {
                row[p + 1] = metrics.confusionMatrix().matrix()[t][p];
            }
            confusion.row(row);
        }
        out.print(confusion.render());
        out.println();
        if (summary.misclassified().isEmpty()) {
            out.println("No test picture was misclassified.");
        } else {
            Table mistakes = new Table("misclassified", "true", "predicted", "probability");
            summary.misclassified().forEach(m -> mistakes.row(m.source(), m.label(), m.predicted(), fmt(m.probability())));
            out.print(mistakes.render());
        }
        out.println();
        out.println(served(summary.served()));
        QuickstartSummary.Timings t = summary.timings();
        out.printf("%nModel version %d (sha256 %s…), %s: %s%nTimings: ingest %.1f s, embed %.1f s, train %.1f s, evaluate %.1f s%n",
                summary.model().version(), summary.model().sha256().substring(0, Math.min(12, summary.model().sha256().length())),
                summary.model().precision(), summary.model().precisionReason(), t.ingestSeconds(), t.embedSeconds(), t.trainSeconds(), t.evaluateSeconds());
        out.println("Report: " + summary.report());
        HoldoutEvaluation.Result unknown = summary.unknown();
        if (unknown != null) {
            out.printf("%nUnknown pictures (label '%s' held out of training): %d held-out vs %d known test pictures%n",
                    unknown.label(), unknown.pictures(), unknown.knownPictures());
            out.printf("AUROC known vs unknown %s   caught at the threshold %s   known called unknown %s%n",
                    fmt(unknown.auroc()), fmt(unknown.caught()), fmt(unknown.falseUnknown()));
        }
    }

    /** Where the metrics come from, and what the inference service answered over Kafka. */
    static String served(io.sightline.cli.quickstart.ServedCheck.Result served) {
        if (served.agreeing() == null) {
            return "Metrics from the inference service: all " + served.classified()
                    + " test pictures classified over Kafka by model version " + served.modelVersion();
        }
        return "Metrics from the trainer's evaluation of version " + served.modelVersion() + " on all "
                + served.testPictures() + " test pictures; the inference service classified " + served.classified()
                + " of them over Kafka (the misclassified first): " + served.agreeing() + " as the trainer predicted";
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
    }
}
