package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.client.SightlineClient;
import io.sightline.cli.console.Table;
import io.sightline.contract.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline classify <file…>}: asks the serving model about pictures. */
@Command(name = "classify", mixinStandardHelpOptions = true, description = "Classify pictures with the serving model.",
        footer = {"", "Example:", "  ./sightline classify holiday.jpg cat.png --top-k 2"})
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
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        SightlineClient client = server.client();
        Table table = new Table("file", "label", "confidence", "top predictions", "model");
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            SightlineClient.Reply reply = client.classify(Files.readAllBytes(file), topK);
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

    private static String predictions(JsonNode result) {
        List<String> parts = new ArrayList<>();
        result.path("predictions").forEach(p -> parts.add(p.path("label").asText()
                + String.format(Locale.ROOT, " %.3f", p.path("probability").asDouble())));
        return String.join(", ", parts);
    }
}
