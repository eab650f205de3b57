package io.sightline.embedded;

import io.minio.MinioClient;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.TestInfra;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A model-sized object goes to the tests' S3 server (S3Proxy; MinIO under {@code SIGHTLINE_TEST_INFRA=containers})
 * in 16 MiB parts, not the MinIO client's default 5 MiB ones, and reads back whole.
 */
class ObjectStorePutTest {
    private static final long MIB = 1 << 20;

    /** One uploaded part: its number and the bytes it carried. */
    private record Part(String query, long bytes) {
    }

    @Test
    void aModelSizedObjectIsStoredInSixteenMebibyteParts() throws Exception {
        TestInfra infra = TestInfra.get();
        String bucket = infra.uniqueBucket();
        String key = "models/m/1/model.onnx";
        List<Part> parts = new CopyOnWriteArrayList<>();
        OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> {
            Request request = chain.request();
            String query = request.url().encodedQuery();
            if ("PUT".equals(request.method()) && query != null && query.contains("partNumber=")) {
                parts.add(new Part(query.replaceAll(".*(partNumber=\\d+).*", "$1"), request.body().contentLength()));
            }
            return chain.proceed(request);
        }).build();
        try (MinioClient client = MinioClient.builder().endpoint(infra.s3Endpoint()).region("us-east-1")
                .httpClient(http, true)
                .credentials(infra.credentials().accessKey(), infra.credentials().secretKey()).build()) {
            ObjectStore store = new ObjectStore(client, infra.s3Endpoint(), bucket);
            store.ensureBucket();
            byte[] bytes = new byte[(int) (64 * MIB) + 1]; // the smallest object sent in large parts
            new SplittableRandom(7).nextBytes(bytes);

            store.put(key, bytes, "application/octet-stream");

            assertEquals(List.of(new Part("partNumber=1", 16 * MIB), new Part("partNumber=2", 16 * MIB),
                    new Part("partNumber=3", 16 * MIB), new Part("partNumber=4", 16 * MIB),
                    new Part("partNumber=5", 1)), parts.stream().sorted(Comparator.comparing(Part::query))
                    .toList(), "four parts of 16 MiB and the last byte");
            assertArrayEquals(bytes, store.get(key));
            store.delete(key);
        }
    }
}
