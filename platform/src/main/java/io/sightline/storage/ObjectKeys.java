package io.sightline.storage;

import io.sightline.contract.ImageIds;

/** The object layout of SPEC section 3. */
public final class ObjectKeys {
    /** Where the uploaded pictures are. */
    public static final String IMAGES_PREFIX = "images/";

    private ObjectKeys() {
    }

    /** {@code images/sha256/<hex>} for an imageId {@code sha256:<hex>}. */
    public static String image(String imageId) {
        return IMAGES_PREFIX + "sha256/" + ImageIds.hex(imageId);
    }

    public static String modelDir(String name, int version) {
        return "models/" + name + "/" + version + "/";
    }

    public static String model(String name, int version) {
        return modelDir(name, version) + "model.onnx";
    }

    public static String head(String name, int version) {
        return modelDir(name, version) + "head.onnx";
    }

    public static String metrics(String name, int version) {
        return modelDir(name, version) + "metrics.json";
    }

    public static String report(String name, int version) {
        return modelDir(name, version) + "report.html";
    }
}
