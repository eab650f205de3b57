/**
 * Micronaut wiring shared by the three services: configuration records bound from
 * {@code application.yml} or environment variables, the object store and topic beans, and the
 * start-up bootstrap that creates missing topics and the bucket.
 */
package io.sightline.runtime;
