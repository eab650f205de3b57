package io.sightline.cli;

import io.sightline.cli.client.FolderIngest;
import io.sightline.cli.client.IngestSummary;
import io.sightline.cli.console.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline ingest <folder>}: uploads a folder whose sub-folder names are the labels. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Upload a folder of pictures; each sub-folder name is a label.",
        footer = {"", "Example:", "  ./sightline ingest image/ --server http://localhost:8080"})
public final class IngestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FOLDER", description = "Folder laid out as FOLDER/<label>/<picture>.")
    Path folder;

    @Option(names = "--parallel", defaultValue = "4", description = "Uploads at a time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        IngestSummary summary = new FolderIngest(server.client(), parallel).ingest(folder, System.out);
        print(summary, System.out);
        return 0;
    }

    public static void print(IngestSummary summary, PrintStream out) {
        Table table = new Table("label", "added", "duplicate", "skipped");
        summary.byLabel().forEach((label, counts) ->
                table.row(label, counts.added(), counts.duplicate(), counts.skipped()));
        out.print(table.render());
        out.printf("%d pictures loaded (%d new) in %.1f s%n", summary.total(), summary.added(), summary.seconds());
        if (!summary.skipped().isEmpty()) {
            out.println("Skipped " + summary.skipped().size() + " file(s):");
            summary.skipped().forEach(skip -> out.println("  " + skip.path() + ": " + skip.reason()));
        }
    }
}
