package io.sightline.cli;

import io.sightline.cli.allinone.AdminToken;
import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.testing.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The all-in-one stays one command: it writes its admin token once, prints where (never the token), and
 * the {@code ./sightline} client commands, run where its default data dir is, find the token by
 * themselves (real processes, as a user runs them). It listens on loopback unless told otherwise, and
 * its management port stays on loopback even then.
 */
class AllInOneAccessTest {

    @Test
    void clientCommandsRunNextToTheDefaultDataDirFindTheAdminTokenByThemselves() throws Exception {
        Path work = TestInfra.tempDir("up-cli");
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(work.resolve("image")), 3);
        Path dataDir = work.resolve("sightline-data"); // the default of ./sightline up, seen from work/
        try (AllInOne up = AllInOne.start(new AllInOneOptions(dataDir, 0, 0, 0, "tiny",
                Map.of("sightline.trainer.auto-train", false)))) {
            String token = Files.readString(dataDir.resolve(AdminToken.FILE_NAME)).strip();
            assertEquals(up.adminToken(), token);
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            UpCommand.printAddresses(up, new PrintStream(printed, true, StandardCharsets.UTF_8));
            String banner = printed.toString(StandardCharsets.UTF_8);
            assertTrue(banner.contains(up.adminTokenFile().toString()), banner);
            assertFalse(banner.contains(token), "the token itself is never printed: " + banner);

            Run ingest = sightline(work, "ingest", folder.toString(), "--server", up.webUrl());
            assertEquals(0, ingest.exitCode(), ingest.output());
            assertTrue(ingest.output().contains("pictures loaded"), ingest.output());
            Run models = sightline(work, "models", "--server", up.webUrl());
            assertEquals(0, models.exitCode(), models.output());
            assertTrue(models.output().contains("No models yet."), models.output());

            Run elsewhere = sightline(folder, "models", "--server", up.webUrl());
            assertEquals(1, elsewhere.exitCode(), elsewhere.output());
            assertTrue(elsewhere.output().contains("needs a token: pass --token, set SIGHTLINE_TOKEN"),
                    elsewhere.output());
        }
    }

    @Test
    void theWebPortBindsLoopbackUnlessToldAndTheManagementPortAlwaysDoes() throws Exception {
        Optional<InetAddress> lan = nonLoopbackAddress();
        try (AllInOne local = AllInOne.start(new AllInOneOptions(TestInfra.tempDir("up-local"), 0, 0, 0, "tiny"))) {
            assertTrue(reachable(InetAddress.getLoopbackAddress(), local.httpPort()));
            lan.ifPresent(address -> assertFalse(reachable(address, local.httpPort()),
                    "the web port is not reachable on " + address));
        }
        try (AllInOne everywhere = AllInOne.start(new AllInOneOptions(TestInfra.tempDir("up-lan"), "0.0.0.0", 0,
                AllInOneOptions.NEXT_PORT, 0, 0, "tiny", Map.of()))) {
            int management = Integer.parseInt(everywhere.managementUrl().replaceAll(".*:(\\d+)/$", "$1"));
            assertTrue(reachable(InetAddress.getLoopbackAddress(), management));
            lan.ifPresent(address -> {
                assertTrue(reachable(address, everywhere.httpPort()), "--host 0.0.0.0 opens the web port");
                assertFalse(reachable(address, management), "the management port stays on loopback");
            });
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (network.isUp() && !network.isLoopback()) {
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    record Run(int exitCode, String output) {
    }

    /** {@code ./sightline ARGS} as a process of its own, started in {@code directory}, without SIGHTLINE_TOKEN. */
    private static Run sightline(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.sightline.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().remove("SIGHTLINE_TOKEN");
        builder.environment().remove("SIGHTLINE_SERVER");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the command ended");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
