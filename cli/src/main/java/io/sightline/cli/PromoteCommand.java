package io.sightline.cli;

import io.sightline.cli.client.SightlineClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sightline promote <version>}: serve that version (a rejected candidate, or a roll-back). */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Serve a model version: a candidate the gate rejected, or an earlier version (roll-back). Admin.",
        footer = {"", "Example:", "  ./sightline models && ./sightline promote 3"})
public final class PromoteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "VERSION", description = "The version to serve (see ./sightline models).")
    int version;

    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        SightlineClient.Reply reply = server.client().promote(version).orThrow("cannot promote version " + version);
        System.out.println("Version " + version + " announced; " + reply.body().path("message").asText());
        return 0;
    }
}
