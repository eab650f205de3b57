/** Object storage over the plain S3 API (MinIO Java client): content-addressed images and model artifacts (SPEC section 3). */
package io.sightline.storage;
