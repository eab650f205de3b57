/**
 * The {@code sightline} command line: {@code up} (the all-in-one embedded mode), {@code quickstart},
 * and the client commands that talk to a running deployment over HTTP.
 */
package io.sightline.cli;
