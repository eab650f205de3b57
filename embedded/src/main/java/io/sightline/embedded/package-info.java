/**
 * Embedded infrastructure for the all-in-one mode and the tests: a single-node KRaft Kafka broker
 * ({@link io.sightline.embedded.EmbeddedKafka}) and an S3 server backed by the local filesystem
 * ({@link io.sightline.embedded.EmbeddedS3}). Both persist under a data directory across restarts.
 */
package io.sightline.embedded;
