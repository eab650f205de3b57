package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.client.SightlineClient;
import io.sightline.cli.console.Table;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sightline review}: the pictures the served model called unknown or was unsure about, waiting for a
 * label; {@code sightline review label IMAGE_ID LABEL} labels one (role contribute), which adds it to the
 * dataset for the next training and takes it off the queue.
 */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = {"List the pictures waiting for review (unknown or low-confidence answers);",
            "'review label IMAGE_ID LABEL' confirms or corrects one: it joins the dataset."},
        subcommands = ReviewCommand.LabelCommand.class,
        footer = {"", "Examples:", "  ./sightline review", "  ./sightline review label sha256:3a7f… cat"})
public final class ReviewCommand implements Callable<Integer> {
    static final int MAX_LIMIT = 500;

    @Option(names = "--limit", defaultValue = "50", description = "Show at most this many (1-" + MAX_LIMIT
            + ", default ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("--limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        print(server.client().reviewQueue(limit).orThrow("cannot list the review queue").body(), System.out);
        return 0;
    }

    static void print(JsonNode listing, PrintStream out) {
        int total = listing.path("total").asInt();
        JsonNode items = listing.path("items");
        if (total == 0) {
            out.println("Nothing waits for review.");
            return;
        }
        Table table = new Table("imageId", "why", "answered", "confidence", "unknown score", "model");
        items.forEach(item -> table.row(item.path("imageId").asText(), item.path("reason").asText(),
                item.path("label").asText(), String.format(Locale.ROOT, "%.3f", item.path("confidence").asDouble()),
                item.path("unknownScore").isNumber()
                        ? String.format(Locale.ROOT, "%.2f", item.path("unknownScore").asDouble()) : "-",
                "v" + item.path("modelVersion").asInt()));
        out.print(table.render());
        out.printf("%d of %d picture(s) waiting; label one with ./sightline review label IMAGE_ID LABEL%n",
                items.size(), total);
    }

    /** {@code sightline review label IMAGE_ID LABEL}. */
    @Command(name = "label", mixinStandardHelpOptions = true,
            description = "Label a picture waiting for review (the answered label to confirm it, or another).")
    static final class LabelCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IMAGE_ID", description = "As listed by ./sightline review.")
        String imageId;

        @Parameters(index = "1", paramLabel = "LABEL", description = "An existing label or a new one.")
        String label;

        @Mixin
        ServerOption server;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            SightlineClient.Reply reply = server.client().reviewLabel(imageId, label).orThrow("not labelled");
            System.out.printf("%s labelled %s (%s): it joins the dataset and leaves the review queue%n", imageId,
                    reply.body().path("label").asText(), reply.body().path("outcome").asText());
            return 0;
        }
    }
}
