package io.sightline.cli.allinone;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the all-in-one process.
 *
 * @param dataDir        Kafka and S3 data and the admin token, kept across restarts
 * @param host           the interface the web port binds (127.0.0.1 unless the user says otherwise); Kafka, S3
 *                       and the management port always stay on loopback
 * @param httpPort       the services' shared HTTP port, 0 for any free port
 * @param managementPort health and prometheus, on loopback; {@link #NEXT_PORT} for the web port + 1 (any free
 *                       port when the web port is), 0 for any free port
 * @param kafkaPort      0 for any free port
 * @param s3Port         0 for any free port
 * @param backbone       resnet50, generated, tiny or a path to an ONNX classifier
 * @param overrides      further service properties (e.g. {@code sightline.trainer.seed})
 */
public record AllInOneOptions(Path dataDir, String host, int httpPort, int managementPort, int kafkaPort, int s3Port,
                              String backbone, Map<String, Object> overrides) {
    public static final String LOOPBACK = "127.0.0.1";
    /** The management port is the web port + 1. */
    public static final int NEXT_PORT = -1;

    public AllInOneOptions {
        overrides = Map.copyOf(overrides);
    }

    /** On loopback, the management port next to the web port. */
    public AllInOneOptions(Path dataDir, int httpPort, int kafkaPort, int s3Port, String backbone,
                           Map<String, Object> overrides) {
        this(dataDir, LOOPBACK, httpPort, NEXT_PORT, kafkaPort, s3Port, backbone, overrides);
    }

    public AllInOneOptions(Path dataDir, int httpPort, int kafkaPort, int s3Port, String backbone) {
        this(dataDir, httpPort, kafkaPort, s3Port, backbone, Map.of());
    }
}
