package io.sightline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.Json;
import io.sightline.http.MultipartBody;
import io.sightline.testing.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The ingest HTTP API of one running service, as a test calls it (the JDK HTTP client, no Micronaut client),
 * with the test admin token.
 */
final class IngestClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;

    IngestClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    static IngestClient of(ApplicationContext context) {
        return new IngestClient(context.getBean(EmbeddedServer.class).getURL().toString());
    }

    /** The same service's management port (health, prometheus). */
    static IngestClient management(ApplicationContext context) {
        return new IngestClient(TestInfra.managementUrl(context));
    }

    String baseUrl() {
        return baseUrl;
    }

    HttpResponse<String> upload(byte[] bytes, String label, String fileName) {
        return send(new MultipartBody().field("label", label).file("file", fileName, "application/octet-stream", bytes));
    }

    HttpResponse<String> send(MultipartBody body) {
        return call(request("/api/images").header("Content-Type", body.contentType()).POST(body.publisher()));
    }

    HttpResponse<String> get(String path) {
        return call(request(path).GET());
    }

    HttpResponse<byte[]> getBytes(String path) {
        try {
            return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> delete(String path) {
        return call(request(path).DELETE());
    }

    HttpResponse<String> post(String path) {
        return call(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", TestInfra.ADMIN);
    }

    private static HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
