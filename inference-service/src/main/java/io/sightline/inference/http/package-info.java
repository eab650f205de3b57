/**
 * The HTTP edge of the inference service: {@code POST /api/classify} (joins the same batches as the
 * Kafka requests), {@code GET /api/model}, and the readiness indicator behind {@code /health/readiness}.
 */
package io.sightline.inference.http;
