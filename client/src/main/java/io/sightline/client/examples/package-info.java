/** Runnable examples of the client, tested in CI against the embedded broker (docs/apps.md). */
package io.sightline.client.examples;
