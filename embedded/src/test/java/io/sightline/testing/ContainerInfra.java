package io.sightline.testing;

import io.sightline.embedded.S3Credentials;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;

/** The Docker path of {@link TestInfra}: Kafka and MinIO containers, used only when asked for. */
final class ContainerInfra {
    private ContainerInfra() {
    }

    static TestInfra start() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1");
        MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2024-12-18T13-15-44Z")
                .withUserName("test-access")
                .withPassword("test-secret-key");
        kafka.start();
        minio.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            minio.stop();
            kafka.stop();
        }, "test-containers-shutdown"));
        return TestInfra.of(kafka.getBootstrapServers(), minio.getS3URL(),
                new S3Credentials(minio.getUserName(), minio.getPassword()));
    }
}
