/** Plain JDK HTTP client helpers for talking to the services (CLI and tests). */
package io.sightline.http;
