/**
 * The classification engine shared by the Kafka and HTTP paths: a small decode pool fetches and
 * decodes pictures in parallel and queues their tensors; one inference thread takes up to a batch
 * of them at a time (whatever their source) and runs the serving model, so decoding the next batch
 * overlaps running the current one. Every submitted job completes with exactly one
 * {@link io.sightline.contract.ClassifyResult}, ok or error, never an exception.
 */
package io.sightline.inference.engine;
