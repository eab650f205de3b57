package io.sightline.inference;

import io.micronaut.runtime.Micronaut;

/** Runs the inference service on its own (the all-in-one mode of the CLI runs it with the others). */
public final class InferenceApplication {
    private InferenceApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(InferenceApplication.class)
                .properties(java.util.Map.of("micronaut.application.name", "inference-service"))
                .banner(false)
                .start();
    }
}
