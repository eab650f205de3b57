package io.sightline.cli;

import io.sightline.cli.allinone.AllInOneOptions;
import picocli.CommandLine.Option;

/** Where the all-in-one listens: {@code --host} for the web port, {@code --management-port} (always loopback). */
final class ListenOptions {
    @Option(names = "--host", defaultValue = AllInOneOptions.LOOPBACK,
            description = "Interface of the web port (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
                    + " interface). Kafka, S3 and the management port stay on loopback.")
    String host;

    @Option(names = "--management-port",
            description = "Port of /health and /prometheus, on loopback, no token (default: the web port + 1).")
    Integer managementPort;

    int managementPortOrNext() {
        return managementPort == null ? AllInOneOptions.NEXT_PORT : managementPort;
    }
}
