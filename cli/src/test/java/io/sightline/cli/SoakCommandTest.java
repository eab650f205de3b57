package io.sightline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.Json;
import io.sightline.testing.TestInfra;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A short soak on the tiny backbone: steady load over Kafka with the embedded broker restarted and the
 * model swapped while it runs; every request gets exactly one committed result.
 */
class SoakCommandTest {

    @Test
    void aBrokerRestartAndModelSwapsUnderLoadLoseNoResultAndDoubleNone() throws Exception {
        Path work = TestInfra.tempDir("soak");
        Path json = work.resolve("soak.json");
        CommandLineTest.Captured run = CommandLineTest.Captured.run("soak", "--backbone", "tiny", "--provider", "cpu",
                "--duration", "20s", "--restart-every", "8s", "--swap-every", "6s", "--report-every", "5s",
                "--rate", "20", "--data-dir", work.resolve("data").toString(), "--json", json.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());

        JsonNode result = Json.mapper().readTree(json.toFile());
        JsonNode totals = result.path("totals");
        assertEquals(0, totals.path("lost").asLong(), totals.toString());
        assertEquals(0, totals.path("doubled").asLong(), totals.toString());
        assertTrue(totals.path("restarts").asInt() >= 1, totals.toString());
        assertTrue(totals.path("swaps").asInt() >= 1, totals.toString());
        assertTrue(totals.path("groupCommittedAll").asBoolean(), totals.toString());
        assertEquals(totals.path("acknowledged").asLong(), totals.path("committed").asLong(), totals.toString());
        assertTrue(totals.path("acknowledged").asLong() > 100, totals.toString());
        // Swaps after a restart were served: the model follower found the restarted broker on its own.
        assertEquals(1 + totals.path("swaps").asInt(), totals.path("servedVersion").asInt(), totals.toString());

        assertEquals(5, result.path("intervals").size(), result.path("intervals").toString()); // 4 intervals and the drain
        assertTrue(result.path("intervals").get(0).path("rssMib").asDouble() > 0, result.path("intervals").toString());
        assertTrue(run.out().contains("Exactly once: yes"), run.out());
    }
}
