/**
 * Classify pictures over Kafka from any Java app ({@link io.sightline.client.SightlineClassifier}):
 * requests on {@code sightline.classify.requests}, answers on the app's own reply topic, correlated by
 * request id; kafka-clients and the contract's records (Jackson) only.
 */
package io.sightline.client;
