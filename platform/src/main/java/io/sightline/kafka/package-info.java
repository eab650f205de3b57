/** Kafka plumbing shared by the services: topic bootstrap and client settings. */
package io.sightline.kafka;
