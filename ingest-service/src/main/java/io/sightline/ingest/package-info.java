/**
 * The ingest service: pictures in over HTTP (one at a time or a whole folder through the CLI), stored
 * once in S3 under their SHA-256, announced as labelled-image events on Kafka; plus the dataset
 * explorer page. Controllers are thin; {@link io.sightline.ingest.IngestService} holds the rules.
 */
package io.sightline.ingest;
