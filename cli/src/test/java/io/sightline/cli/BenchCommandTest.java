package io.sightline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.Json;
import io.sightline.testing.TestInfra;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every stage of {@code sightline bench} once, small and short, on the tiny backbone: the numbers are there and sane. */
class BenchCommandTest {

    @Test
    void everyStageMeasuresAndTheJsonHoldsEachSection() throws Exception {
        Path work = TestInfra.tempDir("bench");
        Path json = work.resolve("bench.json");
        CommandLineTest.Captured run = CommandLineTest.Captured.run("bench", "--backbone", "tiny", "--provider", "cpu",
                "--batch-sizes", "1,4", "--duration", "1", "--warmup", "1", "--concurrency", "8",
                "--train-images", "600", "--retrain-images", "12", "--data-dir", work.resolve("data").toString(),
                "--set", "sightline.inference.plan.measure-seconds=0.5", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());

        JsonNode result = Json.mapper().readTree(json.toFile());
        JsonNode bare = result.path("bareOrt");
        assertEquals(2, bare.path("batches").size());
        assertTrue(bare.path("imagesPerSecond").asDouble() > 0, bare.toString());
        assertTrue(result.path("decode").path("imagesPerSecondPerCore").asDouble() > 0);
        JsonNode int8 = result.path("bareOrtInt8");
        assertEquals(2, int8.path("batches").size(), result.toString());
        assertTrue(int8.path("imagesPerSecond").asDouble() > 0, int8.toString());
        assertTrue(run.out().contains("bare int8 vs bare fp32"), run.out());
        JsonNode agreement = result.path("int8Accuracy");
        assertEquals(1.0, agreement.path("fp32").asDouble(), agreement.toString());
        assertTrue(agreement.path("int8").asDouble() >= 0 && agreement.path("int8").asDouble() <= 1, agreement.toString());
        assertEquals(64, agreement.path("pictures").asInt(), agreement.toString());
        assertTrue(agreement.path("meanFeatureCosine").asDouble() > 0.5, "int8 features point where fp32's do: " + agreement);
        JsonNode endToEndInt8 = result.path("endToEndInt8");
        assertTrue(endToEndInt8.path("requests").asInt() > 0, endToEndInt8.toString());
        assertEquals(0, endToEndInt8.path("errors").asInt(), endToEndInt8.toString());
        assertTrue(endToEndInt8.path("imagesPerSecond").asDouble() > 0, endToEndInt8.toString());
        assertTrue(endToEndInt8.path("ratioToEndToEnd").asDouble() > 0, endToEndInt8.toString());
        assertTrue(run.out().contains("end-to-end int8 vs end-to-end fp32"), run.out());
        assertTrue(run.out().contains("int8 against fp32"), run.out());
        JsonNode embedding = result.path("embedding");
        assertEquals(64, embedding.path("pictures").asInt(), embedding.toString());
        assertEquals(64, embedding.path("calibrationPictures").asInt(), embedding.toString());
        double fp32 = embedding.path("fp32Seconds").asDouble();
        double int8Seconds = embedding.path("int8Seconds").asDouble();
        double calibration = embedding.path("calibrationSeconds").asDouble();
        assertTrue(fp32 > 0 && int8Seconds > 0 && calibration > 0, embedding.toString());
        assertEquals(fp32 / int8Seconds, embedding.path("ratioRangesKept").asDouble(), 0.02 * fp32 / int8Seconds,
                embedding.toString());
        assertEquals(fp32 / (int8Seconds + calibration), embedding.path("ratioWithCalibration").asDouble(),
                0.02 * fp32 / (int8Seconds + calibration), "the calibration's time counts against int8: " + embedding);
        assertTrue(run.out().contains("pictures with int8 vs fp32, calibration included"), run.out());
        assertTrue(run.out().contains("pictures with int8 vs fp32, ranges kept"), run.out());

        JsonNode plans = result.path("runPlans");
        assertEquals(3, plans.size(), "bare fp32, bare int8, and the service's: " + plans);
        for (JsonNode plan : plans) {
            assertRunPlanMeasured(plan);
        }
        assertTrue(plans.get(2).path("model").asText().startsWith("service"), plans.toString());
        assertTrue(run.out().contains("run plan, bare, fp32"), run.out());

        JsonNode endToEnd = result.path("endToEnd");
        assertEquals(plans.get(2).path("batchSize").asInt(), endToEnd.path("maxBatch").asInt(), "the service's batch");
        assertTrue(endToEnd.path("requests").asInt() > 0, endToEnd.toString());
        assertEquals(0, endToEnd.path("errors").asInt(), endToEnd.toString());
        assertTrue(endToEnd.path("imagesPerSecond").asDouble() > 0, endToEnd.toString());
        assertTrue(endToEnd.path("ratioToBareOrt").asDouble() > 0, endToEnd.toString());
        assertTrue(endToEnd.path("compilerCores").asDouble() >= 0, endToEnd.toString());
        JsonNode cpu = endToEnd.path("cpuPerPicture");
        assertTrue(cpu.path("msByGroup").path("model").asDouble() > 0, "the model's CPU is counted: " + cpu);
        assertTrue(cpu.path("msByGroup").path("decode").asDouble() > 0, "so is decoding's: " + cpu);
        assertTrue(cpu.path("aroundTheModel").asDouble() >= cpu.path("msByGroup").path("decode").asDouble(), cpu.toString());
        assertTrue(run.out().contains("CPU around the model"), run.out());
        assertTrue(cpu.path("infrastructure").asDouble() > 0, "the broker's CPU is reported beside it: " + cpu);
        assertTrue(cpu.path("msByGroup").path("kafkaBroker").asDouble() > 0, cpu.toString());
        assertTrue(run.out().contains("not counted"), run.out());
        JsonNode latency = endToEnd.path("latencyMs");
        assertTrue(latency.path("p50").asDouble() <= latency.path("p95").asDouble()
                && latency.path("p95").asDouble() <= latency.path("p99").asDouble(), latency.toString());

        JsonNode lowLoad = result.path("lowLoad");
        assertTrue(lowLoad.path("latencyMs").path("p50").asDouble() > 0, lowLoad.toString());
        JsonNode stages = lowLoad.path("serviceStagesMs");
        assertTrue(stages.path("decode").asDouble() > 0 && stages.path("model").asDouble() > 0
                && stages.path("transaction").asDouble() > 0, stages.toString());
        assertTrue(stages.path("wideRunFraction").asDouble() >= 0 && stages.path("wideRunFraction").asDouble() <= 1,
                stages.toString());

        assertEquals(600, result.path("train").path("images").asInt());
        JsonNode retrain = result.path("retrain");
        assertTrue(retrain.path("seconds").asDouble() > 0, retrain.toString());
        assertEquals(retrain.path("fromVersion").asInt() + 1, retrain.path("toVersion").asInt(), retrain.toString());
        assertTrue(result.path("memory").path("rssMb").asDouble() > 0);
        assertTrue(result.path("machine").path("cores").asInt() >= 1);
        assertTrue(result.path("targets").size() >= 5, result.path("targets").toString());
    }

    /** Chosen by measurement among its candidates, whose figures are there and agree. */
    private static void assertRunPlanMeasured(JsonNode plan) {
        assertEquals("measurement", plan.path("basis").asText(), plan.toString());
        double fastest = 0;
        boolean chosenAmongThem = false;
        for (JsonNode candidate : plan.path("candidates")) {
            assertTrue(candidate.path("imagesPerSecond").asDouble() > 0, candidate.toString());
            assertEquals(candidate.path("runs").asLong() * candidate.path("batchSize").asInt(), candidate.path("images").asLong());
            fastest = Math.max(fastest, candidate.path("imagesPerSecond").asDouble());
            chosenAmongThem |= candidate.path("plan").asText().equals(plan.path("chosen").asText());
        }
        assertTrue(plan.path("candidates").size() >= 2 && chosenAmongThem, plan.toString());
        assertEquals(fastest, plan.path("imagesPerSecond").asDouble());
    }
}
