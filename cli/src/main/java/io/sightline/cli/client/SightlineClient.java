package io.sightline.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.contract.Json;
import io.sightline.http.MultipartBody;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Talks to a running deployment (the all-in-one, or the services behind one URL) over HTTP, with a
 * bearer token on every call.
 */
public final class SightlineClient {
    private final URI base;
    private final String token;
    private final HttpClient http;

    /** @param token the API token, or null to send none (every call then answers 401) */
    public SightlineClient(String baseUrl, String token) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    public String baseUrl() {
        return base.toString();
    }

    /** The status and JSON body of a call. */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** This reply if the call succeeded; else an IllegalStateException "{@code failure}: the error message". */
        public Reply orThrow(String failure) {
            if (!ok()) {
                throw new IllegalStateException(failure + ": " + errorMessage());
            }
            return this;
        }

        /** The error message of a failed call, for people. */
        public String errorMessage() {
            JsonNode error = body == null ? null : body.path("error");
            return error != null && error.has("message") ? error.get("message").asText() : "HTTP " + status;
        }
    }

    public Reply upload(byte[] bytes, String fileName, String label) {
        MultipartBody body = new MultipartBody().field("label", label)
                .file("file", fileName, "application/octet-stream", bytes);
        return send(request("api/images").header("Content-Type", body.contentType()).POST(body.publisher()));
    }

    /** Lists ({@code dryRun}) or removes the stored picture bytes no picture of the dataset names. */
    public Reply gc(boolean dryRun) {
        return send(request("api/gc?dryRun=" + dryRun).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The review queue: {@code {total, items}}, at most {@code limit} items (GET /api/review). */
    public Reply reviewQueue(int limit) {
        return send(request("api/review?limit=" + limit).GET());
    }

    /** Labels a picture waiting for review (POST /api/review/{imageId}). */
    public Reply reviewLabel(String imageId, String label) {
        ObjectNode body = Json.mapper().createObjectNode().put("label", label);
        return send(request("api/review/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Reply train() {
        return send(request("api/train").POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply trainStatus() {
        return send(request("api/train").GET());
    }

    public Reply models() {
        return send(request("api/models").GET());
    }

    public Reply model(int version) {
        return send(request("api/models/" + version).GET());
    }

    /** Serves {@code version} (admin): a rejected candidate, or a roll-back. */
    public Reply promote(int version) {
        return send(request("api/models/" + version + "/promote").POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply servingModel() {
        return send(request("api/model").GET());
    }

    /** The model version the inference service serves, if any (GET /api/model). */
    public Optional<Integer> servedVersion() {
        Reply reply = servingModel();
        if (!reply.ok() || reply.body() == null || !reply.body().has("version")) {
            return Optional.empty();
        }
        return Optional.of(reply.body().get("version").asInt());
    }

    /** How many pictures the trainer's dataset holds, and how many are embedded or failed (GET /api/train). */
    public DatasetProgress datasetProgress() {
        JsonNode body = trainStatus().body();
        JsonNode dataset = body == null ? null : body.path("dataset");
        if (dataset == null) {
            return new DatasetProgress(0, 0, 0);
        }
        return new DatasetProgress(dataset.path("pictures").asInt(), dataset.path("embedded").asInt(),
                dataset.path("failed").asInt());
    }

    /** The trainer's dataset: pictures, those with an embedding, and those that cannot be embedded. */
    public record DatasetProgress(int pictures, int embedded, int failed) {
    }

    public Reply classify(byte[] bytes, int topK) {
        return send(request("api/classify?topK=" + topK)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public byte[] report(int version) {
        try {
            HttpResponse<byte[]> response = http.send(request("api/models/" + version + "/report").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            refuseUnauthorized(response.statusCode());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no report for version " + version + " (HTTP " + response.statusCode() + ")");
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** A 401 stops the command with one line on how to give a token: no other answer can follow. */
    private void refuseUnauthorized(int status) {
        if (status != 401) {
            return;
        }
        throw new IllegalStateException(token == null
                ? "Sightline at " + base + " needs a token: pass --token, set SIGHTLINE_TOKEN, or run where ./sightline up"
                  + " keeps its data dir (" + ClientToken.DEFAULT_FILE + ")"
                : "Sightline at " + base + " did not accept the token; check --token / SIGHTLINE_TOKEN (the all-in-one's"
                  + " is in <data-dir>/admin-token)");
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            refuseUnauthorized(response.statusCode());
            JsonNode body = response.body().length == 0 ? null : parse(response.body());
            return new Reply(response.statusCode(), body);
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private IllegalStateException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "nothing is listening there" : e.toString();
        return new IllegalStateException("cannot reach Sightline at " + base + " (" + why
                + "); start it with ./sightline up, or pass --server URL", e);
    }
}
