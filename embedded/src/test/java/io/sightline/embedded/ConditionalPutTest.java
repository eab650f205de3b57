package io.sightline.embedded;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.sightline.testing.TestInfra;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Why the ingest service does not rely on S3's conditional put ({@code If-None-Match: *}, "create only
 * if absent"): S3Proxy 2.6.0, the store of the embedded mode and the tests, ignores the header on PUT and
 * overwrites. If this test fails, the store honours it now (a 412 on the second put); see the
 * "One picture, one answer" section of docs/interfaces.md before relying on it.
 */
class ConditionalPutTest {

    @Test
    void s3ProxyIgnoresIfNoneMatchOnPutAndOverwrites() throws Exception {
        TestInfra infra = TestInfra.get();
        MinioClient client = MinioClient.builder().endpoint(infra.s3Endpoint())
                .credentials(infra.credentials().accessKey(), infra.credentials().secretKey()).build();
        String bucket = infra.uniqueBucket();
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());

        putIfAbsent(client, bucket, "first");
        putIfAbsent(client, bucket, "second");

        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object("key").build())) {
            assertEquals("second", new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "the conditional put did not stop the second write");
        }
    }

    private static void putIfAbsent(MinioClient client, String bucket, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket(bucket).object("key")
                .headers(Map.of("If-None-Match", "*"))
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }
}
