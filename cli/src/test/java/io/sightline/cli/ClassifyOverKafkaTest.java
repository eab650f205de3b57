package io.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.client.Answers;
import io.sightline.client.ServiceSlice;
import io.sightline.inference.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sightline classify --kafka … --reply-topic …} against the real inference service on the embedded broker. */
class ClassifyOverKafkaTest {

    @Test
    void classifiesThroughTheReplyTopic(@TempDir Path dir) throws Exception {
        try (ServiceSlice service = ServiceSlice.withModel()) {
            String replyTopic = service.newReplyTopic();
            List<String> args = new ArrayList<>(List.of("classify", "--kafka", service.bootstrap(),
                    "--request-topic", service.topics.classifyRequests(), "--reply-topic", replyTopic, "--top-k", "2"));
            for (String label : TinyModels.LABELS) {
                Path file = dir.resolve(label + ".png");
                Files.write(file, TinyModels.picture(label, 7));
                args.add(file.toString());
            }
            CommandLineTest.Captured run = CommandLineTest.Captured.run(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            for (String label : TinyModels.LABELS) {
                assertTrue(run.out().lines().anyMatch(line -> line.contains(label + ".png") && line.split("\\s+")[1].equals(label)),
                        run.out());
            }
            assertEquals(3, Answers.on(service.bootstrap(), replyTopic).size(), "one answer per picture on the reply topic");
        }
    }

    @Test
    void kafkaWithoutAReplyTopicIsOneLine() {
        CommandLineTest.Captured run = CommandLineTest.Captured.run("classify", "--kafka", "localhost:1", "x.png");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--reply-topic"), run.err());
    }
}
