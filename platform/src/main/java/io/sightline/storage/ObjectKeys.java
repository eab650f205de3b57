package io.sightline.storage;

import io.sightline.contract.ImageIds;

/** The object layout of SPEC section 3. */
public final class ObjectKeys {
    /** Where the uploaded pictures are. */
    public static final String IMAGES_PREFIX = "images/";

    /** Where every picture's bytes live. */
    public static final String IMAGES = IMAGES_PREFIX + "sha256/";

    private ObjectKeys() {
    }

    /** {@code images/sha256/<hex>} for an imageId {@code sha256:<hex>}. */
    public static String image(String imageId) {
        return IMAGES + ImageIds.hex(imageId);
    }

    /** The imageId whose bytes {@code key} holds, or empty when the key is not {@code images/sha256/<64 hex>}. */
    public static java.util.Optional<String> imageIdOf(String key) {
        if (!key.startsWith(IMAGES)) {
            return java.util.Optional.empty();
        }
        String imageId = "sha256:" + key.substring(IMAGES.length());
        return ImageIds.isValid(imageId) ? java.util.Optional.of(imageId) : java.util.Optional.empty();
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
