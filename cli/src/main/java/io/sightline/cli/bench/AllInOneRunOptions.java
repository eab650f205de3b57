package io.sightline.cli.bench;

import io.sightline.cli.allinone.BackboneSetup;
import io.sightline.cli.allinone.PretrainedOption;
import io.sightline.contract.Json;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.BackboneResolver;
import io.sightline.onnx.ExecutionProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that {@code bench} and {@code soak} share (a picocli mixin), and the steps they take with
 * them: the backbone resolved and the end-to-end model built, the data dir, the provider of the
 * all-in-one services, the JSON written.
 */
final class AllInOneRunOptions {

    @Option(names = "--backbone", defaultValue = BackboneResolver.GENERATED,
            description = "generated (default; offline, the ResNet-50 compute), resnet50 or resnet50-int8 (fall back to "
                    + "generated offline), tiny or FILE.onnx.")
    String backbone;

    @CommandLine.Mixin
    PretrainedOption pretrained;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--provider", defaultValue = "auto",
            description = "ONNX Runtime execution provider of every session: auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Kafka and S3 data (default: a fresh temporary folder).")
    Path dataDir;

    @Option(names = "--verbose", description = "Show stack traces.")
    boolean verbose;

    /** The resolved backbone and the model built on it (a seeded random 10-class head). */
    record Prepared(Backbone backbone, BenchModel model) {
        BenchResult.Backbone described() {
            return new BenchResult.Backbone(backbone.id(), backbone.pretrained(), backbone.precision().wire());
        }
    }

    Prepared prepare(Progress progress) {
        progress.line("resolving backbone " + backbone);
        Backbone resolved = BackboneSetup.resolve(backbone, pretrained.declared(mixee.commandLine()), System.err);
        progress.line("building the end-to-end model (" + resolved.id() + " + random 10-class head)");
        return new Prepared(resolved, BenchModel.build(resolved, 10, 42));
    }

    /** Starts the all-in-one process on --data-dir (or a fresh temporary folder) with {@code overrides} on top. */
    BenchServer startServer(Prepared prepared, Map<String, Object> overrides, Progress progress) throws IOException {
        Path data = dataDir != null ? dataDir : Files.createTempDirectory("sightline-bench");
        progress.line("starting the all-in-one process (embedded Kafka, S3, services) in " + data);
        Map<String, Object> properties = new HashMap<>();
        properties.put("sightline.inference.provider", providerName());
        properties.put("sightline.trainer.provider", providerName());
        properties.putAll(BackboneSetup.trainerProperties(prepared.backbone()));
        properties.putAll(overrides);
        return BenchServer.start(data, BackboneSetup.specFor(prepared.backbone(), backbone), properties);
    }

    /** --provider, checked: a misspelt one is a usage error. */
    ExecutionProvider executionProvider(CommandLine commandLine) {
        try {
            return ExecutionProvider.valueOf(provider.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "--provider must be auto, cpu or cuda, was '"
                    + provider + "'");
        }
    }

    String providerName() {
        return provider.trim().toLowerCase(Locale.ROOT);
    }

    /** Writes {@code result} to --json, when given, and says where. */
    void writeJson(Object result) throws IOException {
        if (json != null) {
            Files.write(json, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
            System.out.println("JSON: " + json);
        }
    }
}
