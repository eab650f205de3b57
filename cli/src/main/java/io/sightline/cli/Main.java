package io.sightline.cli;

import io.sightline.cli.bench.BenchCommand;
import io.sightline.cli.bench.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code sightline} command. */
@Command(name = "sightline",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Labelled images in, a served and self-updating image classifier out.",
        subcommands = {QuickstartCommand.class, UpCommand.class, IngestCommand.class, ClassifyCommand.class,
            TrainCommand.class, ModelsCommand.class, PromoteCommand.class, ReviewCommand.class, GcCommand.class,
            TokenCommand.class, BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  ./sightline quickstart image/      # the tutorial, on embedded Kafka and S3",
                "  ./sightline up --data-dir data    # Kafka, S3 and all services in one process"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code: 0 success, 1 failure, 2 misuse. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(new OneLineErrors());
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see ./sightline --help");
    }

    /** The version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sightline " + (version == null ? "dev" : version)};
        }
    }
}
