/** The all-in-one mode: embedded Kafka, embedded S3 and the three services in one process. */
package io.sightline.cli.allinone;
