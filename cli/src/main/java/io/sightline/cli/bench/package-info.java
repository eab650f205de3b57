/**
 * {@code sightline bench}: bare ONNX Runtime, decode + preprocess, end to end over Kafka, training and
 * retraining, and memory, measured one after the other in one process ({@link io.sightline.cli.bench.BenchCommand}).
 * One class per stage; {@link io.sightline.cli.bench.BenchResult} is the JSON written by {@code --json}.
 */
package io.sightline.cli.bench;
