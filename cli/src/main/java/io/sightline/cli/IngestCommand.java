package io.sightline.cli;

import io.sightline.cli.client.FolderIngest;
import io.sightline.cli.client.IngestSummary;
import io.sightline.cli.console.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sightline ingest <folder>}: uploads a folder whose sub-folder names are the labels. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Upload a folder of pictures; each sub-folder name is a label.",
        footer = {"", "Example:", "  ./sightline ingest image/ --server http://localhost:8080"})
public final class IngestCommand implements Callable<Integer> {
    /** Paths shown per conflict (all are in the skipped list). */
    private static final int SHOWN_PATHS = 5;
    private static final int MAX_PARALLEL = 64;

    @Parameters(paramLabel = "FOLDER", description = "Folder laid out as FOLDER/<label>/<picture>.")
    Path folder;

    @Option(names = "--parallel", defaultValue = "4",
            description = "Uploads at a time, 1-" + MAX_PARALLEL + " (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw new ParameterException(spec.commandLine(), "--parallel must be 1-" + MAX_PARALLEL + ", not " + parallel);
        }
        IngestSummary summary = new FolderIngest(server.client(), parallel).ingest(folder, System.out);
        print(summary, System.out);
        return 0;
    }

    public static void print(IngestSummary summary, PrintStream out) {
        Table table = new Table("label", "added", "relabelled", "duplicate", "skipped");
        summary.byLabel().forEach((label, counts) ->
                table.row(label, counts.added(), counts.relabelled(), counts.duplicate(), counts.skipped()));
        out.print(table.render());
        out.printf("%d pictures loaded (%d new%s) in %.1f s%n", summary.total(), summary.added(),
                summary.relabelled() == 0 ? "" : ", " + summary.relabelled() + " relabelled", summary.seconds());
        if (!summary.skipped().isEmpty()) {
            out.println("Skipped " + summary.skipped().size() + " file(s):");
            summary.skipped().forEach(skip -> out.println("  " + skip.path() + ": " + skip.reason()));
        }
        if (!summary.conflicts().isEmpty()) {
            out.println(summary.conflicts().size() + " picture(s) are in more than one label folder; nothing was "
                    + "uploaded for them until each is under one label:");
            summary.conflicts().forEach(conflict -> {
                List<String> paths = conflict.paths();
                out.println("  " + String.join(" = ", paths.subList(0, Math.min(SHOWN_PATHS, paths.size())))
                        + (paths.size() > SHOWN_PATHS ? " (and " + (paths.size() - SHOWN_PATHS) + " more)" : ""));
            });
        }
    }
}
