package io.sightline.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.client.examples.ClassifyPictures;
import io.sightline.contract.ClassifyResult;
import io.sightline.inference.TinyModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/apps.md (Java, Python with confluent-kafka, shell with kcat) against the real
 * inference service: each sends the sample pictures, prints one label per picture, and every answer
 * is on its reply topic exactly once. Needs {@code python3-confluent-kafka}, {@code kcat} and {@code jq}
 * (.ci/run installs them).
 */
class ExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static ServiceSlice service;

    @TempDir
    static Path pictures;
    private static List<Path> files;

    @BeforeAll
    static void start() throws IOException {
        service = ServiceSlice.withModel();
        files = new ArrayList<>();
        for (String label : TinyModels.LABELS) {
            for (int i = 0; i < 2; i++) {
                Path file = pictures.resolve(label + "-" + i + ".png");
                Files.write(file, TinyModels.picture(label, 300 + i));
                files.add(file);
            }
        }
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void java() throws Exception {
        String replyTopic = service.newReplyTopic();
        List<String> args = new ArrayList<>(List.of("--request-topic", service.topics.classifyRequests(),
                service.bootstrap(), replyTopic));
        files.forEach(file -> args.add(file.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ClassifyPictures.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEveryPictureAnsweredOnce(exit, out.toString(StandardCharsets.UTF_8), replyTopic);
    }

    @Test
    void python() throws Exception {
        String replyTopic = service.newReplyTopic();
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", EXAMPLES.resolve("python/classify.py").toString(),
                "--bootstrap", service.bootstrap(), "--request-topic", service.topics.classifyRequests(),
                "--reply-topic", replyTopic));
        files.forEach(file -> command.add(file.toString()));
        run(command, replyTopic);
    }

    @Test
    void shell() throws Exception {
        String replyTopic = service.newReplyTopic();
        List<String> command = new ArrayList<>(List.of("bash", EXAMPLES.resolve("shell/classify.sh").toString(),
                "-b", service.bootstrap(), "-t", service.topics.classifyRequests(), "-r", replyTopic));
        files.forEach(file -> command.add(file.toString()));
        run(command, replyTopic);
    }

    private static void run(List<String> command, String replyTopic) throws Exception {
        Path output = Files.createTempFile(pictures, "example", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertTrue(finished, "the example did not finish: " + printed);
        assertEveryPictureAnsweredOnce(process.exitValue(), printed, replyTopic);
    }

    /** One line per picture with its colour as label; each printed requestId answered once on the reply topic. */
    private static void assertEveryPictureAnsweredOnce(int exit, String printed, String replyTopic) {
        assertEquals(0, exit, printed);
        List<String> lines = printed.lines().filter(line -> line.endsWith(".png") || line.contains(".png ")).toList();
        assertEquals(files.size(), lines.size(), printed);
        Set<String> filesPrinted = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            assertEquals(4, parts.length, line);
            filesPrinted.add(parts[0]);
            assertEquals(parts[0].substring(0, parts[0].indexOf('-')), parts[1], line);
            ids.add(parts[3]);
        }
        assertEquals(files.stream().map(file -> file.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                filesPrinted);
        Map<String, List<ClassifyResult>> answers = Answers.on(service.bootstrap(), replyTopic);
        assertEquals(ids, answers.keySet(), "the reply topic holds one answer per picture, and only those");
        answers.forEach((id, results) -> assertEquals(1, results.size(), "answers to " + id));
    }
}
