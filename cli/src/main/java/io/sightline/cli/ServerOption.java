package io.sightline.cli;

import io.sightline.cli.client.ClientToken;
import io.sightline.cli.client.SightlineClient;
import picocli.CommandLine.Option;

/** {@code --server URL} and {@code --token}: which deployment a client command talks to, and as whom. */
final class ServerOption {
    @Option(names = "--server", defaultValue = "${SIGHTLINE_SERVER:-http://localhost:8080}",
            description = "Sightline URL (default: ${DEFAULT-VALUE}, the local ./sightline up).")
    String server;

    @Option(names = "--token", description = "API token (default: $SIGHTLINE_TOKEN, else the admin token of "
            + "./sightline up in sightline-data/admin-token).")
    String token;

    SightlineClient client() {
        return new SightlineClient(server,
                ClientToken.resolve(token, System.getenv(ClientToken.ENVIRONMENT), ClientToken.DEFAULT_FILE).orElse(null));
    }
}
