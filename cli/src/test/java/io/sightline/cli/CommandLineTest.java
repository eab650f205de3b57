package io.sightline.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and one-line errors of the command line. */
class CommandLineTest {

    @Test
    void helpListsTheCommands() {
        Captured run = Captured.run("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("up"), run.out());
    }

    @Test
    void misuseExitsWithTwo() {
        Captured run = Captured.run("up", "--port", "not-a-number");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--port"), run.err());
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Captured run = Captured.run("up", "--backbone", "tiny", "--data-dir",
                    io.sightline.testing.TestInfra.tempDir("cli-busy").toString(),
                    "--port", String.valueOf(taken.getLocalPort()), "--kafka-port", "0", "--s3-port", "0");
            assertEquals(1, run.exitCode());
            String expected = "error: HTTP port " + taken.getLocalPort()
                    + " is already in use; choose another with --port (or 0 for any free port)";
            assertTrue(run.err().lines().anyMatch(expected::equals), run.err());
        }
    }

    @Test
    void tokenPrintsANewTokenAndTheEntryThatAcceptsItByItsHash() {
        Captured run = Captured.run("token", "--role", "contribute", "--name", "ci-uploader");
        assertEquals(0, run.exitCode(), run.err());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("Token \\(shown once[^)]*\\): (\\S+)")
                .matcher(run.out());
        assertTrue(token.find(), run.out());
        assertTrue(run.out().contains("  - name: ci-uploader\n    sha256: "
                + io.sightline.security.TokenTable.hash(token.group(1)) + "\n    roles: [contribute]"), run.out());
        assertEquals(2, Captured.run("token", "--role", "root").exitCode(), "an unknown role is misuse");
    }

    /** A command run with stdout and stderr captured. */
    record Captured(int exitCode, String out, String err) {
        static synchronized Captured run(String... args) {
            PrintStream originalOut = System.out;
            PrintStream originalErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int code = Main.execute(args);
                return new Captured(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(originalOut);
                System.setErr(originalErr);
            }
        }
    }
}
