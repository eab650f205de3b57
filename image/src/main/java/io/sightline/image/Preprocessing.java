package io.sightline.image;

import io.sightline.contract.Json;
import java.util.Arrays;

/**
 * How a picture becomes the model's input (SPEC section 6), recorded in every model's metadata so a
 * model always runs with the preprocessing it was trained with.
 *
 * <p>Split of work: Java decodes, orients, composites alpha onto white, resizes the shorter side to
 * {@code resizeShorter} (bilinear), centre-crops {@code crop} x {@code crop} and scales to 0..1 in
 * NCHW RGB float32; the model graph itself subtracts {@code mean} and divides by {@code std} as its
 * first operation.
 */
public record Preprocessing(int resizeShorter, int crop, float[] mean, float[] std, String layout) {
    public static final String METADATA_KEY = "sightline.preprocessing";

    public Preprocessing {
        if (crop < 1 || resizeShorter < crop) {
            throw new IllegalArgumentException("need 1 <= crop <= resizeShorter, was " + crop + " / " + resizeShorter);
        }
        if (mean == null || std == null || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need three values (R, G, B)");
        }
        mean = mean.clone();
        std = std.clone();
        layout = layout == null ? "NCHW" : layout;
    }

    /** ImageNet preprocessing of SPEC section 6. */
    public static Preprocessing imagenet() {
        return new Preprocessing(256, 224, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f}, "NCHW");
    }

    /** Floats per picture in the model input. */
    public int valuesPerImage() {
        return 3 * crop * crop;
    }

    public String toJson() {
        return Json.writeString(this);
    }

    public static Preprocessing fromJson(String json) {
        return Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), Preprocessing.class);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Preprocessing that
                && resizeShorter == that.resizeShorter
                && crop == that.crop
                && Arrays.equals(mean, that.mean)
                && Arrays.equals(std, that.std)
                && layout.equals(that.layout);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * resizeShorter + crop) + Arrays.hashCode(mean) + 7 * Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
