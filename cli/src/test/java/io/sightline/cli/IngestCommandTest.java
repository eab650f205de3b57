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
            CommandLineTest.Captured first = at(up, "ingest", folder.toString());
            assertEquals(0, first.exitCode(), first.err());
            assertTrue(first.out().contains("12 pictures loaded (12 new)"), first.out());
            assertTrue(first.out().matches("(?s).*doraemon\\s+4\\s+0\\s+1.*"), first.out());
            assertTrue(first.out().matches("(?s).*walle\\s+4\\s+0\\s+2.*"), first.out());
            assertTrue(first.out().contains("doraemon/broken.jpg: "), first.out());
            assertTrue(first.out().contains("walle/._walle-0.png: hidden file"), first.out());
            assertTrue(first.out().contains(".DS_Store: hidden file"), first.out());

            CommandLineTest.Captured second = at(up, "ingest", folder.toString());
            assertEquals(0, second.exitCode(), second.err());
            assertTrue(second.out().contains("12 pictures loaded (0 new)"), second.out());
            assertTrue(second.out().matches("(?s).*哆啦A梦\\s+0\\s+4\\s+0.*"), second.out());

            trainModelsAndClassify(up, folder);
        }
    }

    /** Runs a client command against {@code up}, with its URL and admin token. */
    private static CommandLineTest.Captured at(AllInOne up, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--server", up.webUrl(), "--token", up.adminToken()}, 0, all, args.length, 4);
        return CommandLineTest.Captured.run(all);
    }

    private static void trainModelsAndClassify(AllInOne up, Path folder) {
        CommandLineTest.Captured train = at(up, "train");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("Training scheduled"), train.out());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() ->
                at(up, "models").out().contains("promoted"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() ->
                at(up, "classify", folder.resolve("walle/walle-1.jpg").toString()).exitCode() == 0);
        CommandLineTest.Captured classify = at(up, "classify",
                folder.resolve("walle/walle-1.jpg").toString(), folder.resolve("walle/notes.jpg").toString(),
                "--top-k", "2");
        assertEquals(1, classify.exitCode(), "one of the two files is not a picture");
        assertTrue(classify.out().matches("(?s).*walle-1\\.jpg\\s+\\S+\\s+[01]\\.\\d{3}.*"), classify.out());
        assertTrue(classify.err().contains("notes.jpg: "), classify.err());
        CommandLineTest.Captured json = at(up, "classify",
                folder.resolve("doraemon/doraemon-0.png").toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"status\":\"ok\""), json.out());
        assertTrue(json.out().contains("\"modelVersion\":1"), json.out());
    }

    @Test
    void noServerIsOneLineAndExitCodeOne() {
        CommandLineTest.Captured run = CommandLineTest.Captured.run("models", "--server", "http://127.0.0.1:1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: cannot reach Sightline at http://127.0.0.1:1/"), run.err());
    }
}
