package io.sightline.cli.bench;

import io.sightline.inference.plan.PlanConfig;
import io.sightline.inference.plan.PlanSpace;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sightline bench}: every performance figure of the issue, side by side, in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures, one after the other in this process: bare ONNX Runtime on ready tensors (batch 1, 8, 32),",
            "the run plans the inference service would choose (one wide session, N narrow ones, batch sizes),",
            "decode + preprocess on one core, classify requests end to end over Kafka on the embedded broker and S3",
            "(saturated, then one at a time), the same in int8 (bare, end to end saturated, agreement with fp32),",
            "head training and retraining after one new picture, and memory.",
            "Prints a table with the issue's targets; --json writes the same as JSON."},
        footer = {"", "Example:", "  ./sightline bench --duration 20 --json bench.json",
            "  ./sightline bench --stages bare,decode --images photos/   # quick: no Kafka, no training"})
public final class BenchCommand implements Callable<Integer> {

    /** The parts of a run, in the order they run. */
    enum Stage { BARE, INT8, EMBED, PLAN, DECODE, TRAIN, E2E, RETRAIN }

    /** Warm-up of the int8 end-to-end run at most: the process is warm from the fp32 run by then. */
    static final int INT8_WARM_UP_SECONDS = 5;

    @CommandLine.Mixin
    AllInOneRunOptions run;

    @Option(names = "--images", paramLabel = "DIR",
            description = "Pictures to decode and to embed, e.g. the quickstart's folder (default: generated JPEGs of 0.3, "
                    + "2 and 12 MP and a 2 MP PNG to decode, 64 photo-like 640x480 JPEGs to embed).")
    Path images;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
            description = "Seconds measured per measurement, after warm-up (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "20",
            description = "Seconds of saturating load before the end-to-end measurement, so that the JIT compiler "
                    + "has settled in this one process holding Kafka, S3 and the services (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--retrain-images", paramLabel = "N", defaultValue = "1000",
            description = "Pictures ingested before the one-picture retrain (default: ${DEFAULT-VALUE}).")
    int retrainImages;

    @Option(names = "--train-images", paramLabel = "N", defaultValue = "10000",
            description = "Synthetic 2048-wide embeddings for head training (default: ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "128",
            description = "Classify requests kept outstanding in the saturated run (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--batch-sizes", split = ",", paramLabel = "N,N", defaultValue = "1,8,32",
            description = "Batch sizes of the bare ONNX Runtime runs (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "0",
            description = "sightline.inference.max-batch of the service (default 0: the service's default).")
    int maxBatch;

    @Option(names = "--decode-threads", paramLabel = "N", defaultValue = "0",
            description = "sightline.inference.decode-threads of the service (default 0: the service's default).")
    int decodeThreads;

    @Option(names = "--stages", split = ",", paramLabel = "STAGE",
            description = "Only these stages: bare, int8, embed, plan, decode, train, e2e, retrain (default: all; e2e and int8 need "
                    + "bare for their ratios; int8 with e2e also serves the int8 model end to end; plan measures the int8 "
                    + "model too when int8 runs; embed embeds --images in fp32 and in int8).")
    List<String> stages;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Extra service property for the all-in-one run, e.g. --set sightline.inference.queue-capacity=64.")
    Map<String, String> serviceProperties;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        ExecutionProvider executionProvider = validate();
        Set<Stage> selected = selectedStages();
        Progress progress = new Progress(System.err);
        String loadAtStart = MachineProbe.loadAverage();
        Duration duration = Duration.ofSeconds(durationSeconds);
        SessionConfig session = SessionConfig.defaults().withProvider(executionProvider);

        // --images is read once, before any stage, for the stages that use it: a folder without a picture stops here.
        List<SamplePictures.Sample> folder = images != null
                && (selected.contains(Stage.DECODE) || selected.contains(Stage.EMBED)) ? DecodeStage.folderSet(images) : null;
        AllInOneRunOptions.Prepared prepared = run.prepare(progress);
        Backbone resolved = prepared.backbone();
        BenchModel model = prepared.model();

        BareOrtStage.Outcome bare = null;
        if (selected.contains(Stage.BARE)) {
            bare = new BareOrtStage(session, batchSizes, duration).run(model, progress);
        }
        Int8Stage.Outcome int8 = selected.contains(Stage.INT8) ? int8(session, model, duration, progress) : null;
        BenchResult.Embedding embedding = selected.contains(Stage.EMBED) ? embedding(session, model, folder, progress) : null;
        List<BenchResult.RunPlanResult> runPlans = new ArrayList<>();
        if (selected.contains(Stage.PLAN)) {
            PlanConfig planConfig = RunPlanStage.config(serviceProperties);
            runPlans.add(new RunPlanStage(session, planConfig, maxBatch).run(model, "bare, fp32", progress));
            if (int8 != null) {
                runPlans.add(new RunPlanStage(session.withProvider(ExecutionProvider.CPU), planConfig, maxBatch)
                        .run(int8.model(), "bare, int8", progress));
            }
        }
        BenchResult.Decode decode = null;
        if (selected.contains(Stage.DECODE)) {
            decode = new DecodeStage(resolved.preprocessing(), duration)
                    .run(folder != null ? folder : DecodeStage.generatedSet(), progress);
        }
        BenchResult.Train train = null;
        if (selected.contains(Stage.TRAIN)) {
            train = new TrainStage(trainImages, 2048, 10).run(progress);
        }
        BenchResult.EndToEnd endToEnd = null;
        BenchResult.EndToEndInt8 endToEndInt8 = null;
        BenchResult.LowLoad lowLoad = null;
        BenchResult.Retrain retrain = null;
        if (selected.contains(Stage.E2E) || selected.contains(Stage.RETRAIN)) {
            try (BenchServer server = run.startServer(prepared, serviceOverrides(), progress)) {
                if (selected.contains(Stage.E2E)) {
                    progress.line("publishing the model and waiting until it is served");
                    new ModelPublisher(server.store(), server.kafkaBootstrap(), server.client())
                            .publish(model, 1, Duration.ofMinutes(5));
                    Optional<BenchResult.RunPlanResult> served = RunPlanStage.served(server);
                    served.ifPresent(runPlans::add);
                    EndToEndStage.Outcome outcome = new EndToEndStage(concurrency, Duration.ofSeconds(warmupSeconds), duration).run(server, progress);
                    int batch = served.map(BenchResult.RunPlanResult::batchSize)
                            .orElse(maxBatch > 0 ? maxBatch : PlanSpace.CPU_BATCH);
                    endToEnd = endToEnd(outcome.saturated(), bare, concurrency, batch);
                    lowLoad = lowLoad(outcome.lowLoad(), bare);
                    if (int8 != null) {
                        endToEndInt8 = endToEndInt8(server, int8.model(), endToEnd, progress);
                    }
                }
                if (selected.contains(Stage.RETRAIN)) {
                    retrain = new RetrainStage(retrainImages, Duration.ofMinutes(15)).run(server, progress);
                }
            }
        }
        BenchResult.Memory memory = MemoryProbe.measure();
        BenchResult.Machine machine = MachineProbe.describe(
                (bare != null ? bare.provider() : executionProvider).name().toLowerCase(Locale.ROOT), loadAtStart);
        BenchResult partial = new BenchResult(machine, prepared.described(),
                bare == null ? null : bare.result(), decode, endToEnd, lowLoad, train, retrain, memory, null,
                int8 == null ? null : int8.bare().result(), endToEndInt8, int8 == null ? null : int8.accuracy(),
                runPlans.isEmpty() ? null : runPlans, embedding);
        BenchResult result = partial.withTargets(TargetChecks.of(partial));
        System.out.print(BenchReport.render(result));
        run.writeJson(result);
        return 0;
    }

    /** Step 1b: the int8 model, bare and against fp32; null (and said) when the backbone is int8 already. */
    private Int8Stage.Outcome int8(SessionConfig session, BenchModel model, Duration duration, Progress progress) {
        if (model.backbone().precision() == Precision.INT8) {
            progress.line("int8: the backbone " + model.backbone().id() + " is int8 already; nothing to compare");
            return null;
        }
        return new Int8Stage(session).run(model, batchSizes, duration, progress);
    }

    /** Step 1c: the folder (or generated pictures) embedded in fp32 and in int8; null (and said) for an int8 backbone. */
    private BenchResult.Embedding embedding(SessionConfig session, BenchModel model, List<SamplePictures.Sample> folder,
                                            Progress progress) {
        if (model.backbone().precision() == Precision.INT8) {
            progress.line("embed: the backbone " + model.backbone().id() + " is int8 already; nothing to compare");
            return null;
        }
        if (folder != null) {
            return new EmbedStage(session).run(model, folder, images.toString(), progress);
        }
        return new EmbedStage(session).run(model, EmbedStage.generatedSet(),
                EmbedStage.GENERATED_PICTURES + " generated 640x480 JPEGs", progress);
    }

    /** Step 3b: the int8 model published as the next version and served at saturating concurrency. */
    private BenchResult.EndToEndInt8 endToEndInt8(BenchServer server, BenchModel int8, BenchResult.EndToEnd fp32,
                                                  Progress progress) {
        progress.line("int8: publishing the int8 model and waiting until it is served");
        new ModelPublisher(server.store(), server.kafkaBootstrap(), server.client()).publish(int8, 2, Duration.ofMinutes(5));
        Duration warmUp = Duration.ofSeconds(Math.min(warmupSeconds, INT8_WARM_UP_SECONDS));
        KafkaLoad.Outcome o = new EndToEndStage(concurrency, warmUp, Duration.ofSeconds(durationSeconds))
                .saturated(server, progress);
        return new BenchResult.EndToEndInt8(Rate.round(o.imagesPerSecond(), 2), BenchResult.Latency.of(o.latency()),
                BenchResult.Latency.of(o.serviceLatency()), concurrency, o.requests(), o.errors(), Rate.round(o.seconds(), 2),
                Rate.round(Rate.ratio(o.imagesPerSecond(), fp32.imagesPerSecond()), 3),
                Rate.round(o.meters().meanBatch(), 2), Rate.round(o.meters().modelImagesPerSecond(), 2));
    }

    private Map<String, Object> serviceOverrides() {
        Map<String, Object> overrides = new HashMap<>();
        if (maxBatch > 0) {
            overrides.put("sightline.inference.max-batch", maxBatch);
        }
        if (decodeThreads > 0) {
            overrides.put("sightline.inference.decode-threads", decodeThreads);
        }
        if (serviceProperties != null) {
            overrides.putAll(serviceProperties);
        }
        return overrides;
    }

    static BenchResult.EndToEnd endToEnd(KafkaLoad.Outcome saturated, BareOrtStage.Outcome bare, int concurrency,
                                         int maxBatch) {
        ServiceMeters meters = saturated.meters();
        double reference = bare == null ? Double.NaN : bare.result().imagesPerSecond();
        return new BenchResult.EndToEnd(Rate.round(saturated.imagesPerSecond(), 2),
                BenchResult.Latency.of(saturated.latency()), BenchResult.Latency.of(saturated.serviceLatency()),
                concurrency, saturated.requests(), saturated.errors(), Rate.round(saturated.seconds(), 2),
                Rate.round(Rate.ratio(saturated.imagesPerSecond(), reference), 3), maxBatch,
                Rate.round(meters.meanBatch(), 2), Rate.round(meters.modelSeconds() / saturated.seconds(), 3),
                Rate.round(meters.modelImagesPerSecond(), 2), EndToEndStage.picturesDescription(),
                Rate.round(saturated.compilerCores(), 3),
                BenchResult.CpuPerPicture.of(saturated.cpu(), saturated.requests()));
    }

    static BenchResult.LowLoad lowLoad(KafkaLoad.Outcome oneAtATime, BareOrtStage.Outcome bare) {
        double endToEndP50 = Rate.round(oneAtATime.latency().p50(), 2);
        double modelP50 = bare == null ? Double.NaN : bare.batchOneP50Ms();
        return new BenchResult.LowLoad(new BenchResult.Median(endToEndP50), new BenchResult.Median(modelP50),
                Rate.round(endToEndP50 - modelP50, 2), new BenchResult.Median(Rate.round(oneAtATime.serviceLatency().p50(), 2)),
                oneAtATime.requests(), oneAtATime.meters().stagesMs(), Rate.round(oneAtATime.compilerCores(), 3));
    }

    private Set<Stage> selectedStages() {
        if (stages == null || stages.isEmpty()) {
            return EnumSet.allOf(Stage.class);
        }
        Set<Stage> selected = EnumSet.noneOf(Stage.class);
        for (String name : stages) {
            try {
                selected.add(Stage.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown stage '" + name
                        + "': use bare, int8, embed, plan, decode, train, e2e, retrain");
            }
        }
        return selected;
    }

    private ExecutionProvider validate() {
        if (warmupSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be 0 or more seconds");
        }
        if (durationSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be at least 1 second");
        }
        if (retrainImages < 10 || trainImages < 100 || concurrency < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--retrain-images must be >= 10, --train-images >= 100 and --concurrency >= 1");
        }
        if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1 || b > 256)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-sizes must be between 1 and 256");
        }
        if (images != null && !Files.isDirectory(images)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--images " + images + " is not a folder");
        }
        return run.executionProvider(spec.commandLine());
    }
}
