package io.sightline.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.kafka.KafkaClients;

/** Builds and closes a {@link TopicReaders} outside a Micronaut context, for tests. */
public final class TopicReadersAccess {
    private TopicReadersAccess() {
    }

    public static TopicReaders create(KafkaClients clients, MeterRegistry meters) {
        return new TopicReaders(clients, meters);
    }

    public static void close(TopicReaders readers) {
        readers.close();
    }
}
