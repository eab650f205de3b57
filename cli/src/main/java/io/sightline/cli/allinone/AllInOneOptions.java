package io.sightline.cli.allinone;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start the all-in-one process.
 *
 * @param dataDir   Kafka and S3 data, kept across restarts
 * @param httpPort  the services' shared HTTP port, 0 for any free port
 * @param kafkaPort 0 for any free port
 * @param s3Port    0 for any free port
 * @param backbone  resnet50, generated, tiny or a path to an ONNX classifier
 * @param overrides further service properties (e.g. {@code sightline.trainer.seed})
 */
public record AllInOneOptions(Path dataDir, int httpPort, int kafkaPort, int s3Port, String backbone,
                              Map<String, Object> overrides) {
    public AllInOneOptions {
        overrides = Map.copyOf(overrides);
    }

    public AllInOneOptions(Path dataDir, int httpPort, int kafkaPort, int s3Port, String backbone) {
        this(dataDir, httpPort, kafkaPort, s3Port, backbone, Map.of());
    }
}
