package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.client.SightlineClient;
import io.sightline.client.SightlineClassifier;
import io.sightline.contract.ClassifyResult;
import io.sightline.cli.console.Table;
import io.sightline.contract.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline classify <file…>}: asks the serving model about pictures. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify pictures with the serving model.",
        footer = {"", "Examples:", "  ./sightline classify holiday.jpg cat.png --top-k 2",
                "  ./sightline classify --kafka localhost:9092 --reply-topic sightline.replies.me holiday.jpg"})
public final class ClassifyCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Pictures to classify.")
    List<Path> files;

    @Option(names = "--top-k", defaultValue = "3", description = "Predictions per picture (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--json", description = "Print the ClassifyResult JSON of each picture, one per line.")
    boolean json;

    @Mixin
    ServerOption server;

    @Mixin
    KafkaOption kafka;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        if (kafka.chosen()) {
            try (SightlineClassifier classifier = kafka.classifier(topK)) {
                List<CompletableFuture<ClassifyResult>> answers = new ArrayList<>();
                for (Path file : files) {
                    answers.add(classifier.classify(Files.readAllBytes(file)));
                }
                return print(i -> new SightlineClient.Reply(200, Json.mapper().valueToTree(answers.get(i).join())));
            }
        }
        SightlineClient client = server.client();
        return print(i -> client.classify(Files.readAllBytes(files.get(i)), topK));
    }

    /** Prints the table (or the JSON lines) of every file's answer; 1 when any is an error. */
    private int print(Answer answers) throws IOException {
        Table table = new Table("file", "label", "confidence", "top predictions", "model");
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            SightlineClient.Reply reply = answers.get(i);
            JsonNode result = reply.body();
            if (json) {
                System.out.println(Json.writeString(result));
            } else if (result != null && "ok".equals(result.path("status").asText())) {
                table.row(file, result.path("label").asText(),
                        String.format(Locale.ROOT, "%.3f", result.path("confidence").asDouble()),
                        predictions(result), result.path("modelVersion").asText());
            } else {
                String message = result == null ? "HTTP " + reply.status() : result.path("error").path("message").asText();
                errors.add(file + ": " + message);
                table.row(file, "error", "", message, "");
            }
        }
        if (!json) {
            System.out.print(table.render());
        }
        errors.forEach(System.err::println);
        return errors.isEmpty() ? 0 : 1;
    }

    @FunctionalInterface
    private interface Answer {
        SightlineClient.Reply get(int file) throws IOException;
    }

    private static String predictions(JsonNode result) {
        List<String> parts = new ArrayList<>();
        result.path("predictions").forEach(p -> parts.add(p.path("label").asText()
                + String.format(Locale.ROOT, " %.3f", p.path("probability").asDouble())));
        return String.join(", ", parts);
    }
}
