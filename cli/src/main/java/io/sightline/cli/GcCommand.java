package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.cli.client.SightlineClient;
import io.sightline.cli.console.Table;
import io.sightline.text.ByteSizes;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sightline gc [--delete]}: the picture bytes in S3 that no event of the dataset names (uploads whose
 * event never reached Kafka, pictures removed from the dataset), listed; with {@code --delete}, removed.
 */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"List the stored picture bytes no picture of the dataset names (a dry run);",
            "with --delete, remove them. Objects written within the service's grace period",
            "(sightline.ingest.gc-grace, default 15m) are kept."},
        footer = {"", "Examples:", "  ./sightline gc                 # list only", "  ./sightline gc --delete        # remove"})
public final class GcCommand implements Callable<Integer> {
    @Option(names = "--delete", description = "Remove the objects (default: only list them).")
    boolean delete;

    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        SightlineClient.Reply reply = server.client().gc(!delete).orThrow("garbage collection failed");
        print(reply.body(), System.out);
        return 0;
    }

    static void print(JsonNode report, PrintStream out) {
        int orphans = report.path("orphans").asInt();
        String size = ByteSizes.human(report.path("orphanBytes").asLong());
        out.printf("%d object(s) scanned: %d named by a picture, %d written within the grace period (kept)%n",
                report.path("scanned").asInt(), report.path("named").asInt(), report.path("young").asInt());
        if (orphans == 0) {
            out.println("No object without a picture" + (report.path("young").asInt() == 0 ? "."
                    : " older than the grace period (" + grace(report.path("grace").asText()) + ")."));
            return;
        }
        boolean dryRun = report.path("dryRun").asBoolean();
        Table table = new Table("object", "size", "last modified", "deleted");
        report.path("objects").forEach(object -> table.row(object.path("key").asText(),
                ByteSizes.human(object.path("sizeBytes").asLong()), ModelsCommand.created(object.path("lastModified").asText()),
                dryRun ? "no (dry run)" : object.path("deleted").asBoolean() ? "yes" : "no (written again meanwhile)"));
        out.print(table.render());
        if (report.path("truncated").asBoolean()) {
            out.println("(" + report.path("objects").size() + " of " + orphans + " listed)");
        }
        if (dryRun) {
            out.printf("%d object(s) (%s) no picture names; remove them with ./sightline gc --delete%n", orphans, size);
        } else {
            out.printf("Deleted %d of %d object(s) no picture names (%s)%n", report.path("deleted").asInt(), orphans,
                    size);
        }
    }

    /** PT15M → 15m (an ISO-8601 duration as the service writes it, for people). */
    static String grace(String iso) {
        try {
            return java.time.Duration.parse(iso).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }
}
