package io.sightline.cli.quickstart;

import io.sightline.contract.Pretrained;
import io.sightline.onnx.Precision;
import java.nio.file.Path;

/**
 * Options of {@code sightline quickstart}.
 *
 * @param folder       FOLDER/<label>/<pictures>
 * @param backbone     resnet50 (downloaded once), resnet50-int8 (likewise), generated, tiny or a FILE.onnx
 * @param testFraction share held out for the test set
 * @param seed         split seed
 * @param report       where to write the HTML report
 * @param json         where to write the JSON summary, or null
 * @param dataDir      Kafka and S3 data
 * @param serve        keep serving afterwards
 * @param host         the interface the web port binds (with serve)
 * @param port         HTTP port (0 = any free port)
 * @param managementPort health and prometheus on loopback; {@link io.sightline.cli.allinone.AllInOneOptions#NEXT_PORT}
 *                     for the web port + 1
 * @param precision    fp32, or int8 (served when it passes the int8 gate)
 * @param holdoutLabel a label left out of training whose pictures measure the unknown answer, or null
 * @param pretrained   what the user says of a FILE.onnx backbone's weights ({@code --pretrained}), or null
 */
public record QuickstartOptions(Path folder, String backbone, double testFraction, long seed, Path report, Path json,
                                Path dataDir, boolean serve, String host, int port, int managementPort,
                                Precision precision, String holdoutLabel, Pretrained pretrained) {

    /** Without a --pretrained declaration. */
    public QuickstartOptions(Path folder, String backbone, double testFraction, long seed, Path report, Path json,
                             Path dataDir, boolean serve, String host, int port, int managementPort,
                             Precision precision, String holdoutLabel) {
        this(folder, backbone, testFraction, seed, report, json, dataDir, serve, host, port, managementPort, precision,
                holdoutLabel, null);
    }
}
