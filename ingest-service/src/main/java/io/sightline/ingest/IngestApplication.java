package io.sightline.ingest;

import io.micronaut.runtime.Micronaut;

/** Runs the ingest service on its own (the all-in-one mode of the CLI runs it with the others). */
public final class IngestApplication {
    private IngestApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(IngestApplication.class)
                .properties(java.util.Map.of("micronaut.application.name", "ingest-service"))
                .banner(false)
                .start();
    }
}
