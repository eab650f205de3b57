/**
 * The inference service: serves the newest promoted model version to apps over Kafka
 * ({@code classify.requests} → {@code classify.results}, exactly once) and HTTP ({@code POST /api/classify}),
 * hot-swapping versions as {@code sightline.models} announces them. This package holds the Micronaut
 * wiring; the work is done by plain classes in {@code model}, {@code engine}, {@code kafka},
 * {@code http} and {@code metrics}.
 */
package io.sightline.inference;
