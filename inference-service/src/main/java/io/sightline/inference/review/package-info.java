/**
 * The review queue's producer side: results that are unknown or below the review confidence are put on
 * {@code sightline.review} with their picture stored content-addressed in S3, for a person to label
 * (the ingest service's Review tab).
 */
package io.sightline.inference.review;
