package io.sightline.cli;

import picocli.CommandLine;

/** Failures print one line a person can act on; the stack trace only with {@code --verbose}. */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
        boolean verbose = parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose"))
                || parsed.hasMatchedOption("--verbose");
        if (verbose) {
            error.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().println("error: " + message(error));
        return 1;
    }

    static String message(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && (cause.getMessage() == null || isWrapper(cause))) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    private static boolean isWrapper(Throwable error) {
        return error instanceof java.util.concurrent.ExecutionException
                || error instanceof java.lang.reflect.InvocationTargetException
                || error.getClass().getName().startsWith("io.micronaut.context.exceptions");
    }
}
