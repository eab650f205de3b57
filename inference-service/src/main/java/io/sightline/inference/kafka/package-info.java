/**
 * The Kafka edge: a raw kafka-clients consume-transform-produce loop
 * ({@link io.sightline.inference.kafka.ClassifyConsumerLoop}) that commits each poll's results, dead
 * letters and consumer offsets in one transaction, so every request gets exactly one committed result
 * across crashes and rebalances. The decisions (what is a request, what goes to the DLQ, what each
 * result is) live in plain classes tested without Kafka.
 */
package io.sightline.inference.kafka;
