package io.sightline.cli;

import io.sightline.cli.client.SightlineClient;
import picocli.CommandLine.Option;

/** {@code --server URL}: which deployment a client command talks to. */
final class ServerOption {
    @Option(names = "--server", defaultValue = "${SIGHTLINE_SERVER:-http://localhost:8080}",
            description = "Sightline URL (default: ${DEFAULT-VALUE}, the local ./sightline up).")
    String server;

    SightlineClient client() {
        return new SightlineClient(server);
    }
}
