/** The inference service's Micrometer meters, exported on {@code /prometheus}. */
package io.sightline.inference.metrics;
