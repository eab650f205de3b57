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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model-sized object goes to a real S3 server (S3Proxy) in 16 MiB parts, not the MinIO client's default 5 MiB
 * ones, and reads back whole.
 */
class ObjectStorePutTest {

    @Test
    void aModelSizedObjectIsStoredInSixteenMebibyteParts() {
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
        byte[] bytes = new byte[(64 << 20) + 1]; // the smallest object sent in large parts: 5 of them (13 by default)
        new SplittableRandom(7).nextBytes(bytes);
        requests.clear();

        store.put("models/m/1/model.onnx", bytes, "application/octet-stream");

        List<String> parts = requests.stream().filter(request -> request.startsWith("PUT ")).toList();
        assertEquals(5, parts.size(), "64 MiB + 1 byte in 16 MiB parts: " + parts);
        assertTrue(parts.stream().allMatch(request -> request.contains("partNumber=")), parts.toString());
        assertArrayEquals(bytes, store.get("models/m/1/model.onnx"));
    }
}
