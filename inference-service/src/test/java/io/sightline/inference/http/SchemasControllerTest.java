package io.sightline.inference.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.EventSchemas;
import io.sightline.contract.Json;
import io.sightline.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/schemas[/{name}]} on a running inference service (HTTP only). */
class SchemasControllerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesEverySchemaAndListsThem() throws Exception {
        TestInfra infra = TestInfra.get();
        String bucket = infra.uniqueBucket();
        infra.store(bucket).ensureBucket();
        Map<String, Object> properties = new HashMap<>(infra.micronautProperties(infra.uniquePrefix(), bucket));
        properties.put("sightline.inference.kafka-enabled", false);
        properties.put("sightline.inference.provider", "cpu");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties)) {
            String base = server.getURL() + "/api/schemas";
            HttpResponse<String> list = get(base);
            assertEquals(200, list.statusCode());
            assertEquals(EventSchemas.names(), Json.mapper().convertValue(
                    Json.readTree(list.body().getBytes()).path("schemas"), java.util.List.class));
            for (String name : EventSchemas.names()) {
                HttpResponse<byte[]> schema = HTTP.send(request(base + "/" + name),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, schema.statusCode(), name);
                assertEquals("application/schema+json", schema.headers().firstValue("Content-Type").orElse(""));
                assertArrayEquals(EventSchemas.read(name).orElseThrow(), schema.body());
            }
            HttpResponse<String> unknown = get(base + "/nope");
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("classify-request"), unknown.body());
            assertTrue(unknown.body().contains("\"code\":\"not_found\""), unknown.body());
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(request(url), HttpResponse.BodyHandlers.ofString());
    }

    /** With the lowest role's token: every app that classifies may read the schemas. */
    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", TestInfra.bearer(TestInfra.CLASSIFY_TOKEN)).build();
    }
}
