package io.sightline.cli;

import io.sightline.cli.client.SightlineClient;
import io.sightline.contract.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sightline train}: asks the trainer to train now. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Ask the trainer for a new candidate now (it also retrains on its own when data changes).",
        footer = {"", "Example:", "  ./sightline train && ./sightline models"})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    ServerOption server;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        SightlineClient.Reply reply = server.client().train().orThrow("the trainer refused");
        System.out.println("Training scheduled: " + Json.writeString(reply.body().path("trainer")));
        System.out.println("Follow it with ./sightline models");
        return 0;
    }
}
