package io.sightline.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.cli.allinone.BackboneSetup;
import io.sightline.cli.client.FolderIngest;
import io.sightline.cli.client.IngestSummary;
import io.sightline.cli.client.SightlineClient;
import io.sightline.cli.client.Waits;
import io.sightline.cli.console.Progress;
import io.sightline.concurrent.Futures;
import io.sightline.concurrent.Threads;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Prediction;
import io.sightline.contract.Topics;
import io.sightline.contract.TrainerState;
import io.sightline.contract.TrainingOutcome;
import io.sightline.metrics.Evaluation;
import io.sightline.metrics.Misclassified;
import io.sightline.onnx.Backbone;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** Runs the whole tutorial on embedded Kafka and S3 through the real services. */
public final class Quickstart {
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Pictures per model run of the inference service when the quickstart does not keep serving. */
    private static final int SERVED_BATCH = 4;
    /** Pictures per embedding run of the trainer when the quickstart does not keep serving. */
    private static final int EMBED_BATCH = 4;
    /** Threads hashing the folder beside the start-up (the uploads themselves use four). */
    private static final int HASH_THREADS = 2;
    /** Embedding runs at once in the trainer when the quickstart does not keep serving, at most. */
    private static final int EMBED_RUNS = 4;

    private final QuickstartOptions options;
    private final PrintStream out;

    public Quickstart(QuickstartOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** The summary; the all-in-one is returned open when {@code serve} is set (the caller closes it). */
    public record Run(QuickstartSummary summary, AllInOne allInOne) {
    }

    public Run run() {
        ExecutorService hashing = Executors.newFixedThreadPool(HASH_THREADS, Threads.daemonFactory("folder-hash"));
        try {
            // The folder is scanned and hashed while the broker, the S3 server and the services start: the start-up
            // leaves part of the machine idle, and the first upload need not wait for the hashes.
            CompletableFuture<FolderIngest.Prepared> folder = CompletableFuture.supplyAsync(
                    () -> FolderIngest.prepare(options.folder(), options.holdoutLabel(), hashing),
                    task -> Threads.daemon("folder-scan", task).start());
            return run(folder);
        } finally {
            hashing.shutdown(); // hashes still queued (a start-up that failed) finish, so the scan's thread ends too
        }
    }

    private Run run(CompletableFuture<FolderIngest.Prepared> folder) {
        Backbone backbone = BackboneSetup.resolve(options.backbone(), options.pretrained(), out);
        AllInOne allInOne = AllInOne.start(new AllInOneOptions(options.dataDir(), options.host(), options.port(),
                options.managementPort(), 0, 0, BackboneSetup.specFor(backbone, options.backbone()), overrides(backbone)));
        try {
            QuickstartSummary summary = runOn(allInOne, backbone, folder);
            if (!options.serve()) {
                allInOne.close();
                return new Run(summary, null);
            }
            return new Run(summary, allInOne);
        } catch (RuntimeException e) {
            allInOne.close();
            throw e;
        }
    }

    private Map<String, Object> overrides(Backbone backbone) {
        Map<String, Object> overrides = new HashMap<>(Map.of(
                "sightline.trainer.test-fraction", options.testFraction(),
                "sightline.trainer.seed", options.seed(),
                "sightline.trainer.precision", options.precision().wire(),
                // One training, asked for once the whole folder is embedded: no partial candidates.
                "sightline.trainer.auto-train", false));
        overrides.putAll(BackboneSetup.trainerProperties(backbone));
        if (!options.serve()) {
            // The service only answers the evaluation's few requests: one session (no second, narrow one to open
            // and warm up) and small batches (the warm-up runs one batch).
            overrides.put("sightline.inference.parallel-runs", 1);
            overrides.put("sightline.inference.max-batch", SERVED_BATCH);
            // A few requests do not repay seconds of measuring run plans: the fixed rule serves them.
            overrides.put("sightline.inference.plan.measure-seconds", 0);
            // Nor the layout rewrite: under the launcher's fixed malloc threshold it makes opening the model 3.2 s instead
            // of 0.8 s, and saves 80 ms per batch of 4 (docs/performance.md, "third host").
            overrides.put("sightline.inference.layout-optimization", false);
            // Smaller embedding batches: a smaller ONNX Runtime arena (peak memory), about the same speed on CPU.
            overrides.put("sightline.trainer.embed-batch", EMBED_BATCH);
            // Every picture is embedded before the one training: the backbone's session is closed for it, so that the
            // end-to-end model built and then loaded by the inference service does not sit beside it (peak memory).
            overrides.put("sightline.trainer.close-session-to-train", true);
            // One training, no retraining: with --precision int8 its quantized backbone (~25 MB) is not kept for one.
            overrides.put("sightline.trainer.recalibrate-growth", 1);
            // Embedding runs side by side, one per core (up to 4), each single-threaded: the ingest service, Kafka and S3
            // share the cores while pictures arrive, and a run split over every core waits for its slowest thread.
            overrides.put("sightline.trainer.embed-runs", Math.min(EMBED_RUNS, Runtime.getRuntime().availableProcessors()));
        }
        return overrides;
    }

    private QuickstartSummary runOn(AllInOne allInOne, Backbone backbone, CompletableFuture<FolderIngest.Prepared> folder) {
        SightlineClient client = new SightlineClient(allInOne.webUrl(), allInOne.adminToken());
        out.println("Backbone: " + backbone.id() + switch (backbone.pretrained()) {
            case TRUE -> " (pretrained)";
            case FALSE -> "  ** pretrained: false — random features, expect low accuracy **";
            case UNKNOWN -> "  ** pretrained: unknown — say so with --pretrained true|false **";
        } + (backbone.precision() == io.sightline.onnx.Precision.INT8 ? ", int8" : ""));
        IngestSummary ingest = new FolderIngest(client, 4).ingest(Futures.get(folder), out);
        io.sightline.cli.IngestCommand.print(ingest, out);
        if (ingest.byLabel().values().stream().filter(c -> c.loaded() > 0).count() < 2) {
            throw new IllegalArgumentException(options.folder() + " needs pictures in at least two label folders");
        }

        long embedStart = System.nanoTime();
        // Identical files are one picture (one imageId): count distinct pictures, not files.
        int distinct = (int) ingest.images().stream().map(IngestSummary.Loaded::imageId).distinct().count();
        await("the trainer to see all " + distinct + " pictures",
                () -> client.datasetProgress().pictures() >= distinct);
        int before = latestVersion(client);
        Progress embedding = Progress.of("Embedding", distinct, out);
        await("the embeddings", () -> {
            SightlineClient.DatasetProgress progress = client.datasetProgress();
            embedding.advanceTo(progress.embedded() + progress.failed());
            return progress.embedded() + progress.failed() >= distinct;
        });
        embedding.finish();
        double embedSeconds = seconds(embedStart);

        long trainStart = System.nanoTime();
        client.train().orThrow("the trainer refused to train");
        int trained = Waits.until("the trained model", STEP_TIMEOUT, POLL,
                () -> Optional.of(trainedVersion(client)).filter(v -> v > before));
        JsonNode record = client.model(trained).body();
        int version = servingVersion(client, record);
        double trainSeconds = seconds(trainStart);

        long evaluateStart = System.nanoTime();
        await("the inference service to load version " + version,
                () -> client.servedVersion().filter(served -> served == version).isPresent());
        List<String> labels = new ArrayList<>();
        record.path("labels").forEach(label -> labels.add(label.asText()));
        List<InferenceEvaluation.TestPicture> pictures = testPictures(record);
        InferenceEvaluation service = new InferenceEvaluation(allInOne.kafkaBootstrap(), Topics.defaults());
        Evaluated evaluated = trainerEvaluationServes(record, version)
                ? fromTrainer(record, pictures, service.classify(ServedCheck.sample(pictures, predicted(record, pictures)),
                        labels.size()))
                : fromService(service.evaluate(pictures, labels), pictures);
        HoldoutEvaluation.Result unknown = options.holdoutLabel() == null ? null : HoldoutEvaluation.measure(
                options.holdoutLabel(), evaluated.results().values(),
                HoldoutEvaluation.classify(client, options.folder(), options.holdoutLabel()));
        double evaluateSeconds = seconds(evaluateStart);

        writeReport(client, version);
        String modelSha256 = client.model(version).body().path("sha256").asText();
        QuickstartSummary summary = summary(ingest, record, modelSha256, backbone, evaluated,
                new QuickstartSummary.Timings(ingest.seconds(), embedSeconds, trainSeconds, evaluateSeconds), unknown);
        if (options.json() != null) {
            write(options.json(), Json.writeString(summary).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return summary;
    }

    /** The test metrics, the mistakes, the served version, the service's answers and how they were obtained. */
    private record Evaluated(QuickstartSummary.Metrics metrics, List<QuickstartSummary.Mistake> mistakes, int modelVersion,
                             Map<String, ClassifyResult> results, ServedCheck.Result served) {
    }

    /**
     * Whether the trainer's evaluation is the served model's: the version it trained is the one served, in fp32
     * (an int8 model computes other numbers than the fp32 evaluation), and no held-out label needs the service's
     * unknown score of every known test picture.
     */
    private boolean trainerEvaluationServes(JsonNode record, int version) {
        return version == record.path("version").asInt() && options.holdoutLabel() == null
                && "fp32".equalsIgnoreCase(record.path("precision").path("served").asText("fp32"));
    }

    /** The trainer's prediction per test picture: its label, or the predicted label of a misclassified one. */
    private static Map<String, String> predicted(JsonNode record, List<InferenceEvaluation.TestPicture> pictures) {
        Map<String, String> predicted = new HashMap<>();
        pictures.forEach(p -> predicted.put(p.imageId(), p.label()));
        record.path("evaluation").path("misclassified").forEach(m ->
                predicted.put(m.path("itemId").asText(), m.path("predictedLabel").asText()));
        return predicted;
    }

    /** The trainer's evaluation of every test picture, checked against the service's answers for a sample. */
    private static Evaluated fromTrainer(JsonNode record, List<InferenceEvaluation.TestPicture> pictures,
                                         Map<String, ClassifyResult> served) {
        Map<String, String> predicted = predicted(record, pictures);
        List<InferenceEvaluation.TestPicture> sample = pictures.stream().filter(p -> served.containsKey(p.imageId()))
                .toList();
        ServedCheck.Result check = ServedCheck.check(sample, served, predicted, pictures.size());
        Map<String, String> sources = new HashMap<>();
        pictures.forEach(p -> sources.put(p.imageId(), p.source()));
        JsonNode evaluation = record.path("evaluation");
        List<QuickstartSummary.Mistake> mistakes = new ArrayList<>();
        evaluation.path("misclassified").forEach(m -> mistakes.add(new QuickstartSummary.Mistake(
                sources.get(m.path("itemId").asText()), m.path("trueLabel").asText(), m.path("predictedLabel").asText(),
                m.path("predictedProbability").asDouble())));
        JsonNode confusion = evaluation.path("confusionMatrix");
        List<String> labels = new ArrayList<>();
        confusion.path("labels").forEach(l -> labels.add(l.asText()));
        int[][] matrix = new int[labels.size()][labels.size()];
        for (int t = 0; t < labels.size(); t++) {
            for (int p = 0; p < labels.size(); p++) {
                matrix[t][p] = confusion.path("matrix").path(t).path(p).asInt();
            }
        }
        QuickstartSummary.Metrics metrics = new QuickstartSummary.Metrics(evaluation.path("accuracy").asDouble(),
                evaluation.path("macroPrecision").asDouble(), evaluation.path("macroRecall").asDouble(),
                evaluation.path("macroF1").asDouble(), evaluation.path("logLoss").asDouble(),
                new QuickstartSummary.ConfusionMatrix(labels, matrix));
        return new Evaluated(metrics, mistakes, check.modelVersion(), served, check);
    }

    /** Every test picture classified through the service, the metrics computed from its answers. */
    private static Evaluated fromService(InferenceEvaluation.Outcome outcome, List<InferenceEvaluation.TestPicture> pictures) {
        Evaluation evaluation = outcome.evaluation();
        Map<String, String> sources = new HashMap<>();
        pictures.forEach(p -> sources.put(p.imageId(), p.source()));
        List<QuickstartSummary.Mistake> mistakes = new ArrayList<>();
        for (Misclassified mistake : evaluation.misclassified()) {
            Prediction top = outcome.topByImageId().get(mistake.itemId());
            mistakes.add(new QuickstartSummary.Mistake(sources.get(mistake.itemId()), mistake.trueLabel(),
                    top.label(), top.probability()));
        }
        QuickstartSummary.Metrics metrics = new QuickstartSummary.Metrics(evaluation.accuracy(),
                evaluation.macroPrecision(), evaluation.macroRecall(), evaluation.macroF1(), evaluation.logLoss(),
                new QuickstartSummary.ConfusionMatrix(evaluation.confusionMatrix().labels(),
                        evaluation.confusionMatrix().matrix()));
        return new Evaluated(metrics, mistakes, outcome.modelVersion(), outcome.resultByImageId(),
                ServedCheck.Result.service(pictures.size(), outcome.modelVersion()));
    }

    /**
     * The version to evaluate: the new one, or, when the gate rejected it (a reused data dir with a
     * better model), the serving one — on the new candidate's test set either way.
     */
    private int servingVersion(SightlineClient client, JsonNode candidate) {
        if (!"rejected".equals(candidate.path("status").asText())) {
            return candidate.path("version").asInt();
        }
        int serving = 0;
        for (JsonNode model : client.models().body()) {
            if (model.path("serving").asBoolean()) {
                serving = model.path("version").asInt();
            }
        }
        if (serving == 0) {
            throw new IllegalStateException("version " + candidate.path("version").asInt() + " was not published: "
                    + candidate.path("reason").asText());
        }
        out.println("Note: the new candidate (version " + candidate.path("version").asInt() + ") was rejected: "
                + candidate.path("reason").asText() + "; evaluating the serving version " + serving);
        return serving;
    }

    /** The last version the trainer finished, from its status (no S3 listing while it writes). */
    private static int trainedVersion(SightlineClient client) {
        JsonNode body = client.trainStatus().body();
        JsonNode trainer = body == null ? null : body.path("trainer");
        if (trainer == null || !TrainerState.IDLE.wire().equals(trainer.path("state").asText())) {
            return 0;
        }
        JsonNode outcome = trainer.path("lastOutcome");
        if (outcome.isTextual() && !Json.mapper().convertValue(outcome, TrainingOutcome.class).producedVersion()) {
            throw new IllegalStateException("the trainer did not train (" + outcome.asText() + "): "
                    + trainer.path("lastMessage").asText());
        }
        return trainer.path("lastVersion").asInt();
    }

    private static int latestVersion(SightlineClient client) {
        JsonNode models = client.models().body();
        int latest = 0;
        if (models != null) {
            for (JsonNode model : models) {
                latest = Math.max(latest, model.path("version").asInt());
            }
        }
        return latest;
    }

    private static List<InferenceEvaluation.TestPicture> testPictures(JsonNode record) {
        List<InferenceEvaluation.TestPicture> pictures = new ArrayList<>();
        for (JsonNode item : record.path("testItems")) {
            JsonNode object = item.path("object");
            pictures.add(new InferenceEvaluation.TestPicture(item.path("imageId").asText(), item.path("source").asText(),
                    item.path("label").asText(), new ObjectRef(object.path("bucket").asText(), object.path("key").asText())));
        }
        return pictures;
    }

    private void writeReport(SightlineClient client, int version) {
        write(options.report(), client.report(version));
    }

    private static void write(java.nio.file.Path path, byte[] bytes) {
        try {
            java.nio.file.Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private QuickstartSummary summary(IngestSummary ingest, JsonNode record, String modelSha256, Backbone backbone,
                                      Evaluated evaluated, QuickstartSummary.Timings timings,
                                      HoldoutEvaluation.Result unknown) {
        Map<String, Integer> byLabel = new TreeMap<>();
        ingest.byLabel().forEach((label, counts) -> {
            if (counts.loaded() > 0) {
                byLabel.put(label, counts.loaded());
            }
        });
        List<QuickstartSummary.Iteration> iterations = new ArrayList<>();
        record.path("history").forEach(it -> iterations.add(new QuickstartSummary.Iteration(
                it.path("iteration").asInt(), it.path("trainLoss").asDouble(), it.path("trainAccuracy").asDouble(),
                it.path("validationAccuracy").asDouble(Double.NaN), it.path("elapsedMillis").asLong())));
        JsonNode trainedOn = record.path("trainedOn");
        return new QuickstartSummary(
                new QuickstartSummary.Images(ingest.total(), byLabel, ingest.skipped()),
                new QuickstartSummary.Split(trainedOn.path("images").asInt(), trainedOn.path("validation").asInt(),
                        trainedOn.path("test").asInt()),
                new QuickstartSummary.Backbone(backbone.id(), backbone.pretrained(), backbone.sha256()),
                evaluated.metrics(), evaluated.mistakes(),
                new QuickstartSummary.Model(evaluated.modelVersion(), modelSha256,
                        record.path("precision").path("served").asText("fp32").toLowerCase(java.util.Locale.ROOT),
                        record.path("precision").path("reason").asText("fp32 requested")),
                timings, iterations, options.report().toAbsolutePath().toString(), unknown, evaluated.served());
    }

    private static void await(String what, BooleanSupplier condition) {
        Waits.until(what, STEP_TIMEOUT, POLL, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
