package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.Json;
import io.sightline.testing.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole tutorial through the real services, on a generated folder, with the tiny backbone, served in int8. */
class QuickstartTest {

    @Test
    void quickstartLoadsTrainsEvaluatesAndReports() throws Exception {
        Path work = TestInfra.tempDir("quickstart");
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(work.resolve("image")), 8);
        Path json = work.resolve("summary.json");
        Path report = work.resolve("report.html");

        CommandLineTest.Captured run = CommandLineTest.Captured.run("quickstart", folder.toString(),
                "--backbone", "tiny", "--precision", "int8", "--json", json.toString(), "--report", report.toString(),
                "--data-dir", work.resolve("data").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());

        JsonNode summary = Json.mapper().readTree(json.toFile());
        assertEquals(24, summary.path("images").path("total").asInt());
        assertEquals(8, summary.path("images").path("byLabel").path("哆啦A梦").asInt());
        Set<String> skipped = new HashSet<>();
        summary.path("images").path("skipped").forEach(s -> skipped.add(s.path("path").asText() + " -> "
                + s.path("reason").asText()));
        assertEquals(4, skipped.size(), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith(".DS_Store -> hidden")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith("walle/notes.jpg -> ") && s.contains("not an image")),
                skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.startsWith("doraemon/broken.jpg -> ")), skipped.toString());

        JsonNode split = summary.path("split");
        assertEquals(24, split.path("train").asInt() + split.path("validation").asInt() + split.path("test").asInt());
        JsonNode metrics = summary.path("metrics");
        int[] totals = confusionTotals(metrics.path("confusionMatrix").path("matrix"));
        assertEquals(split.path("test").asInt(), totals[0], "every test picture is in the confusion matrix");
        assertEquals(totals[0] - totals[1], summary.path("misclassified").size(),
                "off-diagonal cells are the misclassified list");
        assertEquals((double) totals[1] / totals[0], metrics.path("accuracy").asDouble(), 1e-9);
        assertTrue(metrics.path("accuracy").asDouble() >= 0.6, "the tiny CNN separates colours: " + metrics);
        assertEquals("tiny-cnn", summary.path("backbone").path("id").asText());
        assertTrue(!summary.path("backbone").path("pretrained").asBoolean());
        assertEquals(1, summary.path("model").path("version").asInt());
        assertEquals("int8", summary.path("model").path("precision").asText(),
                summary.path("model").path("precisionReason").asText());

        JsonNode served = summary.path("served");
        assertEquals("service", served.path("metricsFrom").asText(), "an int8 model is evaluated by the service itself");
        assertEquals(split.path("test").asInt(), served.path("classified").asInt());

        String html = Files.readString(report);
        assertTrue(html.contains("pretrained: false"));
        assertTrue(html.contains("Precision: int8 (passed the int8 gate"), "the report states the precision");
        assertTrue(html.contains("data:image/jpeg;base64,"), "the report carries its pictures");
        assertTrue(run.out().contains("Confusion matrix"), run.out());
        assertTrue(run.out().contains("Test accuracy"), run.out());
    }

    /** fp32: the metrics are the trainer's evaluation of the served version, checked on a sample over Kafka. */
    @Test
    void anFp32ModelIsCheckedOnASampleAgainstTheTrainersEvaluation() throws Exception {
        Path work = TestInfra.tempDir("quickstart-fp32");
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(work.resolve("image")), 10);
        Path json = work.resolve("summary.json");
        Set<Path> temporaryBefore = temporaryDataDirs();

        // No --data-dir: the quickstart makes a temporary one and removes it when it ends.
        CommandLineTest.Captured run = CommandLineTest.Captured.run("quickstart", folder.toString(),
                "--backbone", "tiny", "--json", json.toString(), "--report", work.resolve("report.html").toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        Set<Path> left = temporaryDataDirs();
        left.removeAll(temporaryBefore);
        assertEquals(Set.of(), left, "the temporary data dir (Kafka and S3 data) is gone");

        JsonNode summary = Json.mapper().readTree(json.toFile());
        JsonNode served = summary.path("served");
        int test = summary.path("split").path("test").asInt();
        assertEquals("trainer", served.path("metricsFrom").asText(), served.toString());
        assertEquals(test, served.path("testPictures").asInt());
        assertEquals(Math.min(test, 12), served.path("classified").asInt(), served.toString());
        assertEquals(served.path("classified").asInt(), served.path("agreeing").asInt(),
                "the served model answers as the trainer evaluated it: " + served);
        assertEquals(1, served.path("modelVersion").asInt());
        int[] totals = confusionTotals(summary.path("metrics").path("confusionMatrix").path("matrix"));
        assertEquals(test, totals[0], "every test picture is in the trainer's confusion matrix");
        assertEquals(totals[0] - totals[1], summary.path("misclassified").size());
        summary.path("misclassified").forEach(m -> assertTrue(m.path("source").asText().contains("/"), m.toString()));
        assertEquals("fp32", summary.path("model").path("precision").asText());
        assertTrue(run.out().contains("Metrics from the trainer's evaluation of version 1 on all " + test
                + " test pictures"), run.out());
    }

    /** The quickstarts' temporary data dirs in the temporary-files folder now. */
    private static Set<Path> temporaryDataDirs() throws java.io.IOException {
        try (java.util.stream.Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("sightline-quickstart"))
                    .collect(java.util.stream.Collectors.toCollection(HashSet::new));
        }
    }

    @Test
    void aHeldOutLabelMeasuresTheUnknownAnswer() throws Exception {
        Path work = TestInfra.tempDir("quickstart-holdout");
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(work.resolve("image")), 8);
        Path json = work.resolve("summary.json");

        CommandLineTest.Captured run = CommandLineTest.Captured.run("quickstart", folder.toString(),
                "--backbone", "tiny", "--json", json.toString(), "--report", work.resolve("report.html").toString(),
                "--data-dir", work.resolve("data").toString(), "--holdout-label", "哆啦A梦");
        assertEquals(0, run.exitCode(), run.out() + run.err());

        JsonNode summary = Json.mapper().readTree(json.toFile());
        assertEquals(16, summary.path("images").path("total").asInt(), "the held-out label is not ingested");
        assertTrue(summary.path("images").path("byLabel").path("哆啦A梦").isMissingNode());
        JsonNode unknown = summary.path("unknown");
        assertEquals("哆啦A梦", unknown.path("label").asText());
        assertEquals(8, unknown.path("pictures").asInt());
        assertEquals(summary.path("split").path("test").asInt(), unknown.path("knownPictures").asInt());
        // Green pictures against red and blue ones: the tiny CNN's features tell them apart.
        assertTrue(unknown.path("auroc").asDouble() >= 0.9, unknown.toString());
        assertTrue(run.out().contains("AUROC known vs unknown"), run.out());
    }

    @Test
    void aHeldOutLabelThatIsNotAFolderIsMisuse() throws Exception {
        Path folder = SampleFolders.tutorialLike(Files.createDirectories(TestInfra.tempDir("holdout-misuse")
                .resolve("image")), 1);
        CommandLineTest.Captured run = CommandLineTest.Captured.run("quickstart", folder.toString(),
                "--holdout-label", "cat");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not a label folder"), run.err());
    }

    @Test
    void aFolderThatIsNotThereIsMisuse() {
        CommandLineTest.Captured run = CommandLineTest.Captured.run("quickstart", "/no/such/folder");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("is not a folder"), run.err());
    }

    @Test
    void anUnknownPrecisionIsMisuse() throws Exception {
        Path folder = Files.createDirectories(TestInfra.tempDir("quickstart-precision").resolve("image"));
        CommandLineTest.Captured run = CommandLineTest.Captured.run("quickstart", folder.toString(), "--precision", "int4");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--precision must be fp32 or int8, was 'int4'"), run.err());
    }

    @Test
    void pretrainedIsTrueOrFalseAndOnlyForAFileBackbone() throws Exception {
        Path folder = Files.createDirectories(TestInfra.tempDir("quickstart-pretrained").resolve("image"));
        CommandLineTest.Captured maybe = CommandLineTest.Captured.run("quickstart", folder.toString(), "--pretrained", "maybe");
        assertEquals(2, maybe.exitCode());
        assertTrue(maybe.err().contains("--pretrained must be true or false, was 'maybe'"), maybe.err());
        CommandLineTest.Captured contradiction = CommandLineTest.Captured.run("quickstart", folder.toString(),
                "--backbone", "generated", "--pretrained", "true");
        assertEquals(1, contradiction.exitCode());
        assertTrue(contradiction.err().contains("pretrained true contradicts the backbone generated"), contradiction.err());
    }

    private static int[] confusionTotals(JsonNode matrix) {
        int total = 0;
        int diagonal = 0;
        for (int t = 0; t < matrix.size(); t++) {
            for (int p = 0; p < matrix.get(t).size(); p++) {
                total += matrix.get(t).get(p).asInt();
                diagonal += t == p ? matrix.get(t).get(p).asInt() : 0;
            }
        }
        return new int[] {total, diagonal};
    }
}
