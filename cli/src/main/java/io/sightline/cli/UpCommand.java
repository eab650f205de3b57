package io.sightline.cli;

import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.cli.allinone.BackboneSetup;
import io.sightline.cli.allinone.PretrainedOption;
import io.sightline.onnx.Backbone;
import io.sightline.cli.client.ClientToken;
import io.sightline.embedded.Ports;
import io.sightline.onnx.Precision;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sightline up}: embedded Kafka + embedded S3 + all services in one process, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start embedded Kafka, embedded S3 and all Sightline services in one process.",
        footer = {"", "Example:", "  ./sightline up --data-dir data --port 8080 --kafka-port 9092 --s3-port 9000",
            "", "The first start writes an admin token to <data-dir>/admin-token (mode 0600); every call needs it.",
            "The ./sightline commands find it by themselves in the default data dir (sightline-data)."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "sightline-data", description = "Where Kafka and S3 keep their data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the services (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka client port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000", description = "S3 port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--backbone", defaultValue = "resnet50",
            description = "resnet50, resnet50-int8, generated, tiny or a FILE.onnx (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Mixin
    PretrainedOption pretrained;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--precision", defaultValue = "fp32",
            description = "fp32, or int8: the trainer quantizes the backbone and serves it when it passes the int8 gate (default: ${DEFAULT-VALUE}).")
    String precision;

    @Mixin
    ListenOptions listen;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Ports.claim(port, "HTTP", "--port");
        Backbone resolvedBackbone = BackboneSetup.resolve(backbone, pretrained.declared(spec.commandLine()), System.out);
        String resolved = BackboneSetup.specFor(resolvedBackbone, backbone);
        Precision chosen;
        try {
            chosen = Precision.parse(precision);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--" + e.getMessage());
        }
        Map<String, Object> properties = new HashMap<>(BackboneSetup.trainerProperties(resolvedBackbone));
        properties.put("sightline.trainer.precision", chosen.wire());
        AllInOne allInOne = AllInOne.start(new AllInOneOptions(dataDir, listen.host, port,
                listen.managementPortOrNext(), kafkaPort, s3Port, resolved, properties));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            allInOne.close();
            stopped.countDown();
        }, "sightline-shutdown"));
        printAddresses(allInOne, System.out);
        stopped.await();
        return 0;
    }

    static void printAddresses(AllInOne allInOne, PrintStream out) {
        out.println("Sightline is up.");
        out.println("  Web:              " + allInOne.webUrl() + "  (every call needs the admin token)");
        out.println("  Admin token:      in " + allInOne.adminTokenFile() + " (readable by you only); the ./sightline"
                + " commands read " + ClientToken.DEFAULT_FILE + ", else SIGHTLINE_TOKEN=\"$(cat "
                + allInOne.adminTokenFile() + ")\"");
        out.println("  Health, metrics:  " + allInOne.managementUrl() + "health, " + allInOne.managementUrl()
                + "prometheus (loopback, no token)");
        out.println("  Kafka bootstrap:  " + allInOne.kafkaBootstrap());
        out.println("  S3 endpoint:      " + allInOne.s3Endpoint());
        out.println("  S3 access key:    " + allInOne.credentials().accessKey());
        out.println("  S3 secret key:    " + allInOne.credentials().secretKey());
        out.println("  S3 bucket:        " + allInOne.bucket());
        out.println("  Data dir:         " + allInOne.dataDir());
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
