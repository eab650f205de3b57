/**
 * Test support shared by every module (the embedded module's test-jar): one Kafka broker and one S3
 * server per test JVM, unique names per test, and small Kafka helpers. With
 * {@code SIGHTLINE_TEST_INFRA=containers} and Docker present, Testcontainers (Kafka, MinIO) are used.
 */
package io.sightline.testing;
