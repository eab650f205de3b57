/**
 * {@code sightline quickstart}: the tutorial in one command, through the real services — upload to
 * S3 and Kafka, embeddings, training, the promoted ONNX model, and evaluation of the held-out split
 * through the inference service over Kafka.
 */
package io.sightline.cli.quickstart;
