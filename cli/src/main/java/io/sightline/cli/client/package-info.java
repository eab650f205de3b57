/** HTTP client of a running Sightline deployment, and bulk folder ingest through it. */
package io.sightline.cli.client;
