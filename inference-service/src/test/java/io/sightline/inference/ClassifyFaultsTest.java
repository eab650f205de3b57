package io.sightline.inference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.sightline.contract.ClassifyResult;
import io.sightline.embedded.EmbeddedKafka;
import io.sightline.testing.TestInfra;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Faults staged for real while classify requests are in flight, each ending with exactly one
 * committed result per request: the broker stopped and started again on its log dir, the service JVM
 * killed with SIGKILL, a second replica joining and then leaving (two rebalances).
 */
class ClassifyFaultsTest {
    private static final int REQUESTS = 300;

    @Test
    void theBrokerStoppedAndStartedOnItsLogDirMidStream() throws Exception {
        Path dataDir = TestInfra.tempDir("restarted-broker");
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
        int port = port(kafka.bootstrapServers());
        try (ServiceHarness harness = new ServiceHarness(kafka.bootstrapServers());
             ResultCollector results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults())) {
            harness.publishModel(1);
            List<String> ids = new ArrayList<>(harness.sendInlineBatch(REQUESTS));
            ApplicationContext service = harness.start("broker-restart");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !results.all().isEmpty());
                kafka.close();
                kafka = EmbeddedKafka.start(dataDir, port);
                // Sent after the restart: answered only if the service found its way back to the broker.
                ids.addAll(harness.sendInlineBatch(REQUESTS / 3));
                results.awaitAll(ids, () -> ExactlyOnce.describe(harness));
                ExactlyOnce.assertExactlyOneResultEach(harness, ids);
            } finally {
                service.close();
            }
            assertTrue(results.all().values().stream().flatMap(List::stream).allMatch(ClassifyResult::isOk));
        } finally {
            kafka.close();
        }
    }

    @Test
    void theServiceJvmKilledWithSigkillMidStream() throws Exception {
        try (ServiceHarness harness = new ServiceHarness();
             ResultCollector results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults())) {
            harness.publishModel(1);
            List<String> ids = new ArrayList<>(harness.sendInlineBatch(REQUESTS));
            Process forked = fork(harness.properties("killed"), TestInfra.tempDir("forked-inference").resolve("log"));
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> !results.all().isEmpty() || !forked.isAlive());
                assertTrue(forked.isAlive(), "the forked service died on its own");
            } finally {
                forked.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no abort
                forked.waitFor();
            }
            ids.addAll(harness.sendInlineBatch(REQUESTS / 3));
            // The same instance id: its transactional id fences whatever the killed one left open.
            ApplicationContext again = harness.start("killed");
            try {
                results.awaitAll(ids, () -> ExactlyOnce.describe(harness));
                ExactlyOnce.assertExactlyOneResultEach(harness, ids);
            } finally {
                again.close();
            }
        }
    }

    @Test
    void aSecondReplicaJoinsThenTheFirstLeavesUnderLoad() throws Exception {
        try (ServiceHarness harness = new ServiceHarness();
             ResultCollector results = ResultCollector.results(harness.kafkaBootstrap, harness.topics.classifyResults())) {
            harness.publishModel(1);
            List<String> ids = new ArrayList<>(harness.sendInlineBatch(REQUESTS));
            ApplicationContext first = harness.start("replica-a");
            ApplicationContext second = null;
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> !results.all().isEmpty());
                second = harness.start("replica-b");
                ids.addAll(harness.sendInlineBatch(REQUESTS / 3));
                first.close();
                ids.addAll(harness.sendInlineBatch(REQUESTS / 3));
                results.awaitAll(ids, () -> ExactlyOnce.describe(harness));
                ExactlyOnce.assertExactlyOneResultEach(harness, ids);
            } finally {
                if (first.isRunning()) {
                    first.close();
                }
                if (second != null) {
                    second.close();
                }
            }
        }
    }

    private static int port(String bootstrap) {
        return Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
    }

    /** The inference service in a JVM of its own, configured by a configuration file, output to {@code log}. */
    private static Process fork(Map<String, Object> properties, Path log) throws Exception {
        Path config = TestInfra.writeConfig(properties, log.resolveSibling("service.yml"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dmicronaut.server.port=-1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(InferenceApplication.class.getName());
        File logFile = log.toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile);
        builder.environment().put("MICRONAUT_CONFIG_FILES", config.toString());
        return builder.start();
    }
}
