package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.client.SightlineClient;
import io.sightline.cli.console.Table;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sightline models}: the versions with their metrics, promoted or rejected and why. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List model versions with their metrics.",
        footer = {"", "Example:", "  ./sightline models --server http://localhost:8080"})
public final class ModelsCommand implements Callable<Integer> {
    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        SightlineClient.Reply reply = server.client().models().orThrow("cannot list models");
        Table table = new Table("version", "status", "accuracy", "macro F1", "train", "test", "backbone", "created",
                "reason");
        for (JsonNode model : reply.body()) {
            table.row(model.path("version").asInt(), model.path("status").asText()
                            + (model.path("serving").asBoolean() ? " (serving)" : ""),
                    fmt(model.path("metrics").path("accuracy").asDouble()),
                    fmt(model.path("metrics").path("macroF1").asDouble()),
                    model.path("trainedOn").path("images").asInt(), model.path("trainedOn").path("test").asInt(),
                    model.path("backbone").path("id").asText()
                            + pretrainedNote(model.path("backbone").path("pretrained")),
                    created(model.path("createdAt").asText()), model.path("reason").asText());
        }
        System.out.print(reply.body().isEmpty() ? "No models yet.\n" : table.render());
        return 0;
    }

    /** Nothing for a pretrained backbone; " (not pretrained)" or " (pretrained: unknown)" otherwise. */
    static String pretrainedNote(JsonNode pretrained) {
        if (pretrained.isBoolean()) {
            return pretrained.booleanValue() ? "" : " (not pretrained)";
        }
        return " (pretrained: " + pretrained.asText("unknown") + ")";
    }

    /** 2026-11-27T11:17:56.106126266Z → 2026-11-27 11:17:56Z */
    static String created(String instant) {
        return instant.length() >= 19 ? instant.substring(0, 10) + " " + instant.substring(11, 19) + "Z" : instant;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
