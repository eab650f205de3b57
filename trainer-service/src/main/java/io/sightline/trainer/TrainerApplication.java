package io.sightline.trainer;

import io.micronaut.runtime.Micronaut;

/** Runs the trainer service on its own (the all-in-one mode of the CLI runs it with the others). */
public final class TrainerApplication {
    private TrainerApplication() {
    }

    public static void main(String[] args) {
        Micronaut.build(args)
                .mainClass(TrainerApplication.class)
                .properties(java.util.Map.of("micronaut.application.name", "trainer-service"))
                .banner(false)
                .start();
    }
}
