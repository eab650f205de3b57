package io.sightline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.Json;
import io.sightline.contract.Pretrained;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchResultJsonTest {

    static BenchResult sample() {
        BenchResult.Latency latency = new BenchResult.Latency(40, 45, 50);
        BenchResult partial = new BenchResult(
                new BenchResult.Machine(2, "AMD EPYC", "1.23.2", "cpu", "17.0.15", "0.10 0.20 0.30", "0.40 0.50 0.60"),
                new BenchResult.Backbone("generated-resnet50", Pretrained.FALSE, "fp32"),
                new BenchResult.BareOrt(26, 8, List.of(new BenchResult.BareOrtBatch(1, 25, 100, latency),
                        new BenchResult.BareOrtBatch(8, 26, 20, latency))),
                new BenchResult.Decode(60, List.of(new BenchResult.DecodedPicture("JPEG 4000x3000 (12.0 MP)", 4000, 3000,
                        12, 800_000, 24.5, 40.8))),
                new BenchResult.EndToEnd(24, latency, latency, 128, 500, 0, 20, 24 / 26.0, 16, 15.5, 0.95, 25.3, "jpegs", 0.05,
                        cpu(4.2)),
                new BenchResult.LowLoad(new BenchResult.Median(48), new BenchResult.Median(40), 8,
                        new BenchResult.Median(44), 200, new BenchResult.ServiceStages(1.5, 3.2, 0.4, 38.1, 1.0, 4.2), 0.1),
                new BenchResult.Train(1.2, 10_000, 2048, 10, 9, "early-stopping"),
                new BenchResult.Retrain(9.5, 1000, 12, 50, 2, 3),
                new BenchResult.Memory(1200, 300, 1100, 6000),
                null);
        BenchResult withInt8 = new BenchResult(partial.machine(), partial.backbone(), partial.bareOrt(), partial.decode(),
                partial.endToEnd(), partial.lowLoad(), partial.train(), partial.retrain(), partial.memory(), null,
                new BenchResult.BareOrt(52, 8, List.of(new BenchResult.BareOrtBatch(8, 52, 40, latency))),
                endToEndInt8(36), new BenchResult.Int8Accuracy(0.9375, 1.0, 64, Int8Agreement.BASIS, 0.998, 0.05));
        return withInt8.withTargets(TargetChecks.of(withInt8));
    }

    /** CPU per picture whose groups around the model add up to {@code aroundTheModel} ms. */
    static BenchResult.CpuPerPicture cpu(double aroundTheModel) {
        java.util.Map<String, Double> groups = new java.util.LinkedHashMap<>();
        groups.put("model", 70.0);
        groups.put("decode", aroundTheModel / 2);
        groups.put("requestLoop", aroundTheModel / 2);
        groups.put("kafkaBroker", 6.0);
        return new BenchResult.CpuPerPicture(groups, aroundTheModel, 6.0);
    }

    /** The int8 model end to end at {@code imagesPerSecond}, against the sample's 24 images/s in fp32. */
    static BenchResult.EndToEndInt8 endToEndInt8(double imagesPerSecond) {
        BenchResult.Latency latency = new BenchResult.Latency(30, 35, 40);
        return new BenchResult.EndToEndInt8(imagesPerSecond, latency, latency, 128, 700, 0, 20,
                Rate.round(imagesPerSecond / 24, 3), 15.5, 40);
    }

    @Test
    void hasTheFieldsTheIssueNames() throws Exception {
        JsonNode json = Json.mapper().readTree(Json.write(sample()));
        assertEquals(26, json.at("/bareOrt/imagesPerSecond").asDouble());
        assertEquals(8, json.at("/bareOrt/batchSize").asInt());
        assertEquals(52, json.at("/bareOrtInt8/imagesPerSecond").asDouble());
        assertEquals(8, json.at("/bareOrtInt8/batchSize").asInt());
        assertEquals(36, json.at("/endToEndInt8/imagesPerSecond").asDouble());
        for (String p : List.of("p50", "p95", "p99")) {
            assertTrue(json.at("/endToEndInt8/latencyMs/" + p).isNumber(), p);
        }
        assertEquals(1.5, json.at("/endToEndInt8/ratioToEndToEnd").asDouble());
        assertEquals(0.9375, json.at("/int8Accuracy/int8").asDouble());
        assertEquals(1.0, json.at("/int8Accuracy/fp32").asDouble());
        assertTrue(json.at("/int8Accuracy/basis").asText().contains("no true labels"), "labelled honestly");
        assertFalse(json.at("/backbone/pretrained").asBoolean(true));
        assertEquals("fp32", json.at("/backbone/precision").asText());
        assertEquals(60, json.at("/decode/imagesPerSecondPerCore").asDouble());
        assertEquals(24, json.at("/endToEnd/imagesPerSecond").asDouble());
        for (String p : List.of("p50", "p95", "p99")) {
            assertTrue(json.at("/endToEnd/latencyMs/" + p).isNumber(), p);
        }
        assertEquals(48, json.at("/lowLoad/latencyMs/p50").asDouble());
        assertEquals(40, json.at("/lowLoad/modelMs/p50").asDouble());
        assertEquals(1.2, json.at("/train/seconds").asDouble());
        assertEquals(10_000, json.at("/train/images").asInt());
        assertEquals(9.5, json.at("/retrain/seconds").asDouble());
        assertEquals(1200, json.at("/memory/rssMb").asDouble());
        assertEquals(300, json.at("/memory/heapMb").asDouble());
        assertEquals(2, json.at("/machine/cores").asInt());
        assertEquals("AMD EPYC", json.at("/machine/cpuModel").asText());
        assertEquals("1.23.2", json.at("/machine/ortVersion").asText());
        assertEquals("cpu", json.at("/machine/provider").asText());
        assertEquals(2, json.at("/bareOrt/batches").size(), "per-batch bare numbers");
        assertEquals(24.5, json.at("/decode/pictures/0/msPerPicture").asDouble(), "per-size decode numbers");
    }

    @Test
    void stagesNotRunAreAbsent() throws Exception {
        BenchResult full = sample();
        BenchResult bareOnly = new BenchResult(full.machine(), full.backbone(), full.bareOrt(), null, null, null, null,
                null, full.memory(), List.of());
        JsonNode json = Json.mapper().readTree(Json.write(bareOnly));
        assertFalse(json.has("endToEnd"));
        assertFalse(json.has("retrain"));
        assertFalse(json.has("bareOrtInt8"));
        assertFalse(json.has("endToEndInt8"));
        assertFalse(json.has("int8Accuracy"));
        assertTrue(json.has("bareOrt"));
    }

    @Test
    void targetsAreCheckedAgainstTheIssue() {
        List<BenchResult.TargetCheck> checks = sample().targets();
        assertEquals(9, checks.size());
        assertTrue(find(checks, "CPU around the model").map(BenchResult.TargetCheck::met).orElseThrow(), "4.2 <= 5 ms");
        assertTrue(find(checks, "bare int8").map(BenchResult.TargetCheck::met).orElseThrow(), "52/26 = 2.0 >= 1.6");
        assertTrue(find(checks, "end-to-end int8").map(BenchResult.TargetCheck::met).orElseThrow(), "36/24 = 1.5 >= 1.4");
        assertTrue(find(checks, "end-to-end").map(BenchResult.TargetCheck::met).orElseThrow(), "24/26 = 0.92 >= 0.90");
        assertTrue(find(checks, "low-load").map(BenchResult.TargetCheck::met).orElseThrow(), "8 ms <= 8 ms");
        assertTrue(find(checks, "decode").map(BenchResult.TargetCheck::met).orElseThrow());
        assertTrue(find(checks, "retrain").map(BenchResult.TargetCheck::met).orElseThrow());
        assertTrue(find(checks, "peak RSS").map(BenchResult.TargetCheck::met).orElseThrow());

        BenchResult s = sample();
        BenchResult slow = new BenchResult(s.machine(), s.backbone(), s.bareOrt(), s.decode(),
                new BenchResult.EndToEnd(20, s.endToEnd().latencyMs(), s.endToEnd().serviceLatencyMs(), 128, 500, 0, 20,
                        20 / 26.0, 16, 15.5, 0.8, 25, "jpegs", 0.0, cpu(12.5)),
                s.lowLoad(), s.train(), new BenchResult.Retrain(16, 1000, 12, 50, 2, 3),
                new BenchResult.Memory(2000, 300, 1100, 6000), null);
        List<BenchResult.TargetCheck> missed = TargetChecks.of(slow);
        BenchResult slowInt8 = new BenchResult(s.machine(), s.backbone(), s.bareOrt(), s.decode(), s.endToEnd(),
                s.lowLoad(), s.train(), s.retrain(), s.memory(), null, s.bareOrtInt8(), endToEndInt8(30), null);
        assertFalse(find(TargetChecks.of(slowInt8), "end-to-end int8").map(BenchResult.TargetCheck::met).orElseThrow(),
                "30/24 = 1.25 < 1.4");
        assertFalse(find(missed, "end-to-end").map(BenchResult.TargetCheck::met).orElseThrow());
        assertFalse(find(missed, "retrain").map(BenchResult.TargetCheck::met).orElseThrow());
        assertFalse(find(missed, "CPU around the model").map(BenchResult.TargetCheck::met).orElseThrow(), "12.5 > 5 ms");
        assertFalse(find(missed, "peak RSS").map(BenchResult.TargetCheck::met).orElseThrow());
    }

    private static Optional<BenchResult.TargetCheck> find(List<BenchResult.TargetCheck> checks, String prefix) {
        return checks.stream().filter(c -> c.name().startsWith(prefix)).findFirst();
    }
}
