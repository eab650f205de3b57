package io.sightline.cli;

import io.sightline.cli.allinone.AllInOne;
import io.sightline.cli.allinone.AllInOneOptions;
import io.sightline.contract.Topics;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sightline up}: healthy, usable through plain clients, and persistent across a restart. */
class AllInOneTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void upServesKafkaS3AndHttpAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = TestInfra.tempDir("up");
        AllInOneOptions options = new AllInOneOptions(dataDir, 0, 0, 0, "tiny");
        String images = Topics.defaults().images();
        String token;

        try (AllInOne up = AllInOne.start(options)) {
            token = up.adminToken();
            assertEquals(200, get(up.managementUrl() + "health", null).statusCode(), "no token on the management port");
            HttpResponse<String> prometheus = get(up.managementUrl() + "prometheus", null);
            assertEquals(200, prometheus.statusCode());
            assertTrue(prometheus.body().contains("jvm_memory_used_bytes"), "prometheus exposes JVM metrics");
            assertEquals(404, get(up.webUrl() + "health", up.adminToken()).statusCode(), "not on the web port");
            assertEquals(401, get(up.webUrl(), null).statusCode(), "the web port needs the token");
            HttpResponse<String> explorer = get(up.webUrl(), up.adminToken());
            assertEquals(200, explorer.statusCode());
            assertTrue(explorer.body().contains("<title>Sightline dataset</title>"),
                    "the explorer's template is found beside the report's: " + explorer.body());

            KafkaTestClients.send(up.kafkaBootstrap(), images, "before-restart", "{}".getBytes(StandardCharsets.UTF_8));
            store(up).put("kept/object", "kept".getBytes(StandardCharsets.UTF_8), "text/plain");
        }

        try (AllInOne again = AllInOne.start(options)) {
            assertEquals(token, again.adminToken(), "the admin token is made once and kept in the data dir");
            assertEquals(200, get(again.webUrl() + "api/labels", token).statusCode());
            assertEquals("before-restart",
                    KafkaTestClients.readAtLeast(again.kafkaBootstrap(), images, 1).get(0).key());
            assertEquals(List.of("kept/object"), store(again).list("kept/"));
        }
    }

    private static ObjectStore store(AllInOne up) {
        return ObjectStore.connect(up.s3Endpoint(), up.credentials().accessKey(), up.credentials().secretKey(),
                "us-east-1", up.bucket());
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", TestInfra.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
