package io.sightline.cli;

import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.testing.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sightline ingest} against a running all-in-one: counts, reasons, and a second run that adds nothing. */
class IngestCommandTest {

    @Test
    void ingestCountsSkipsWithReasonsAndIsIdempotent() throws Exception {
        Path work = TestInfra.tempDir("ingest-cli");
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(work.resolve("image")), 4);
        try (AllInOne up = AllInOne.start(new AllInOneOptions(work.resolve("data"), 0, 0, 0, "tiny",
                Map.of("sightline.trainer.auto-train", false)))) {
            String server = up.webUrl();

            CommandLineTest.Captured first = CommandLineTest.Captured.run("ingest", folder.toString(), "--server", server);
            assertEquals(0, first.exitCode(), first.err());
            assertTrue(first.out().contains("12 pictures loaded (12 new)"), first.out());
            assertTrue(first.out().matches("(?s).*doraemon\\s+4\\s+0\\s+1.*"), first.out());
            assertTrue(first.out().matches("(?s).*walle\\s+4\\s+0\\s+2.*"), first.out());
            assertTrue(first.out().contains("doraemon/broken.jpg: "), first.out());
            assertTrue(first.out().contains("walle/._walle-0.png: hidden file"), first.out());
            assertTrue(first.out().contains(".DS_Store: hidden file"), first.out());

            CommandLineTest.Captured second = CommandLineTest.Captured.run("ingest", folder.toString(), "--server", server);
            assertEquals(0, second.exitCode(), second.err());
            assertTrue(second.out().contains("12 pictures loaded (0 new)"), second.out());
            assertTrue(second.out().matches("(?s).*哆啦A梦\\s+0\\s+4\\s+0.*"), second.out());
        }
    }

    @Test
    void noServerIsOneLineAndExitCodeOne() {
        CommandLineTest.Captured run = CommandLineTest.Captured.run("models", "--server", "http://127.0.0.1:1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: cannot reach Sightline at http://127.0.0.1:1/"), run.err());
    }
}
