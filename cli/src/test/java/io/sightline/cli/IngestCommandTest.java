package io.sightline.cli;

import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.contract.ImageIds;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sightline ingest} and {@code sightline gc} against a running all-in-one: counts, reasons, copies
 * and conflicts, a second run that adds nothing, and stored bytes no picture names.
 */
class IngestCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path work;
    private static AllInOne up;
    private static String server;

    @BeforeAll
    static void start() {
        work = TestInfra.tempDir("ingest-cli");
        up = AllInOne.start(new AllInOneOptions(work.resolve("data"), 0, 0, 0, "tiny",
                Map.of("sightline.trainer.auto-train", false, "sightline.ingest.gc-grace", "0s")));
        server = up.webUrl();
    }

    @AfterAll
    static void stop() {
        up.close();
    }

    @Test
    void ingestCountsSkipsWithReasonsAndIsIdempotent() throws Exception {
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(work.resolve("image")), 4);

        CommandLineTest.Captured first = at("ingest", folder.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("12 pictures loaded (12 new)"), first.out());
        assertTrue(first.out().matches("(?s).*doraemon\\s+4\\s+0\\s+0\\s+1.*"), first.out());
        assertTrue(first.out().matches("(?s).*walle\\s+4\\s+0\\s+0\\s+2.*"), first.out());
        assertTrue(first.out().contains("doraemon/broken.jpg: "), first.out());
        assertTrue(first.out().contains("walle/._walle-0.png: hidden file"), first.out());
        assertTrue(first.out().contains(".DS_Store: hidden file"), first.out());

        CommandLineTest.Captured second = at("ingest", folder.toString());
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("12 pictures loaded (0 new)"), second.out());
        assertTrue(second.out().matches("(?s).*哆啦A梦\\s+0\\s+0\\s+4\\s+0.*"), second.out());

        trainModelsAndClassify(folder);
    }

    /**
     * Thirty byte-identical files of one picture uploaded sixteen at a time are one {@code added} and
     * twenty-nine duplicates, every run; a picture under two labels is a conflict and nothing of it is
     * uploaded; bytes no picture names any more are listed by {@code gc} and removed by {@code gc --delete}.
     */
    @Test
    void copiesCountOnceConflictsUploadNothingAndGcRemovesWhatNoPictureNames() throws Exception {
        Path folder = Files.createDirectories(work.resolve("copies"));
        byte[] often = TestImages.png(new Color(200, 40, 40), 70, 50, 4001);
        byte[] once = TestImages.png(new Color(40, 200, 40), 70, 50, 4002);
        byte[] both = TestImages.png(new Color(40, 40, 200), 70, 50, 4003);
        byte[] dog = TestImages.jpeg(new Color(120, 90, 30), 50, 70, 4004);
        for (int i = 0; i < 30; i++) {
            write(folder.resolve(String.format("cats/c-%02d.png", i)), often);
        }
        write(folder.resolve("cats/extra.png"), once);
        write(folder.resolve("cats/shared.png"), both);
        write(folder.resolve("dogs/d-1.jpg"), dog);
        write(folder.resolve("dogs/also-shared.png"), both);

        for (int run = 1; run <= 2; run++) {
            CommandLineTest.Captured ingest = at("ingest", folder.toString(),
                    "--parallel", "16");
            assertEquals(0, ingest.exitCode(), ingest.err());
            String out = ingest.out();
            if (run == 1) {
                assertTrue(out.matches("(?s).*cats\\s+2\\s+0\\s+29\\s+1\\n.*"), out);
                assertTrue(out.matches("(?s).*dogs\\s+1\\s+0\\s+0\\s+1\\n.*"), out);
                assertTrue(out.contains("32 pictures loaded (3 new)"), out);
            } else {
                assertTrue(out.matches("(?s).*cats\\s+0\\s+0\\s+31\\s+1\\n.*"), out);
                assertTrue(out.matches("(?s).*dogs\\s+0\\s+0\\s+1\\s+1\\n.*"), out);
                assertTrue(out.contains("32 pictures loaded (0 new)"), out);
            }
            assertTrue(out.contains("1 picture(s) are in more than one label folder"), out);
            assertTrue(out.contains("  cats/shared.png = dogs/also-shared.png"), out);
            assertTrue(out.contains("cats/shared.png: conflict: the same picture is under cats and dogs "
                    + "(also at dogs/also-shared.png)"), out);
            assertEquals(404, call("GET", "/api/images/" + ImageIds.of(both)).statusCode(),
                    "nothing was published for the conflicting picture");
        }

        String onceKey = "images/sha256/" + ImageIds.sha256Hex(once);
        assertEquals(200, call("DELETE", "/api/images/" + ImageIds.of(once)).statusCode());
        CommandLineTest.Captured dryRun = at("gc");
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertTrue(dryRun.out().contains(onceKey), dryRun.out());
        assertTrue(dryRun.out().contains("1 object(s) (" ), dryRun.out());
        assertTrue(dryRun.out().contains("remove them with ./sightline gc --delete"), dryRun.out());
        CommandLineTest.Captured delete = at("gc", "--delete");
        assertEquals(0, delete.exitCode(), delete.err());
        assertTrue(delete.out().contains("Deleted 1 of 1 object(s)"), delete.out());
        CommandLineTest.Captured after = at("gc");
        assertTrue(after.out().contains("No object without a picture."), after.out());
        assertFalse(after.out().contains(onceKey), after.out());
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server).resolve(path))
                .header("Authorization", "Bearer " + up.adminToken())
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void trainModelsAndClassify(Path folder) {
        CommandLineTest.Captured train = at("train");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("Training scheduled"), train.out());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).until(() ->
                at("models").out().contains("promoted"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() ->
                at("classify", folder.resolve("walle/walle-1.jpg").toString()).exitCode() == 0);
        CommandLineTest.Captured classify = at("classify",
                folder.resolve("walle/walle-1.jpg").toString(), folder.resolve("walle/notes.jpg").toString(), "--top-k", "2");
        assertEquals(1, classify.exitCode(), "one of the two files is not a picture");
        assertTrue(classify.out().matches("(?s).*walle-1\\.jpg\\s+\\S+\\s+[01]\\.\\d{3}.*"), classify.out());
        assertTrue(classify.err().contains("notes.jpg: "), classify.err());
        CommandLineTest.Captured json = at("classify",
                folder.resolve("doraemon/doraemon-0.png").toString(), "--json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().contains("\"status\":\"ok\""), json.out());
        assertTrue(json.out().contains("\"modelVersion\":1"), json.out());
    }

    /** Runs a client command against {@code up}, with its URL and admin token. */
    private static CommandLineTest.Captured at(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--server", server, "--token", up.adminToken()}, 0, all, args.length, 4);
        return CommandLineTest.Captured.run(all);
    }

    @Test
    void noServerIsOneLineAndExitCodeOne() {
        CommandLineTest.Captured run = CommandLineTest.Captured.run("models", "--server", "http://127.0.0.1:1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: cannot reach Sightline at http://127.0.0.1:1/"), run.err());
    }
}
