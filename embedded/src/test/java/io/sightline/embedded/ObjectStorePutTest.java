package io.sightline.embedded;

import io.minio.MinioClient;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An object bigger than the MinIO client's default part (a model) goes to a real S3 server (S3Proxy) in one PUT,
 * not as a multipart upload the server must join, and reads back whole.
 */
class ObjectStorePutTest {

    @Test
    void anObjectOfSeveralDefaultPartsIsStoredInOnePut() {
        TestInfra infra = TestInfra.get();
        String bucket = infra.uniqueBucket();
        List<String> requests = new CopyOnWriteArrayList<>();
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> {
            requests.add(chain.request().method() + " " + chain.request().url().encodedPath()
                    + (chain.request().url().encodedQuery() == null ? "" : "?" + chain.request().url().encodedQuery()));
            return chain.proceed(chain.request());
        }).build();
        MinioClient client = MinioClient.builder().endpoint(infra.s3Endpoint()).httpClient(http)
                .credentials(infra.credentials().accessKey(), infra.credentials().secretKey()).build();
        ObjectStore store = new ObjectStore(client, infra.s3Endpoint(), bucket);
        store.ensureBucket();
        byte[] bytes = new byte[12 << 20]; // more than two of the client's default 5 MiB parts, less than one of ours
        new SplittableRandom(7).nextBytes(bytes);
        requests.clear();

        store.put("models/m/1/model.onnx", bytes, "application/octet-stream");

        assertEquals(List.of("PUT /" + bucket + "/models/m/1/model.onnx"),
                requests.stream().filter(request -> !request.startsWith("GET /" + bucket + "?location")).toList(),
                "one PUT, no multipart upload");
        assertArrayEquals(bytes, store.get("models/m/1/model.onnx"));
    }
}
