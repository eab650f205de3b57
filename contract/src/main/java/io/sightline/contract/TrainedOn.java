package io.sightline.contract;

/** How many images a model was trained, validated and tested on. */
public record TrainedOn(int images, int validation, int test) {
}
