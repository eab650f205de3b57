package io.sightline.train;

import io.sightline.contract.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Deterministic, per-image assignment to the test, validation or training set. Each decision depends only on
 * (seed, imageId, fraction), never on the other images, so an image never moves between sets as the dataset
 * grows (as long as the fractions stay the same).
 *
 * <p>Hash: the first 53 bits of SHA-256(seed as 8 big-endian bytes, UTF-8 imageId, a 0 byte, purpose) mapped to
 * [0, 1). The purposes "test" and "validation" give two independent uniforms.
 */
public final class Split {

    /** The set an image belongs to. */
    public enum Set { TRAIN, VALIDATION, TEST }

    /** TuriCreate's validation fraction for sets of {@link #MIN_ROWS_FOR_VALIDATION} rows or more. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.05;
    public static final int MIN_ROWS_FOR_VALIDATION = 100;

    private Split() {
    }

    /**
     * The set of {@code imageId}: TEST when {@code u("test") < testFraction}, otherwise VALIDATION when {@code
     * u("validation") < validationFraction}, otherwise TRAIN. So {@code validationFraction} is the fraction of
     * the non-test images.
     */
    public static Set assign(String imageId, long seed, double testFraction, double validationFraction) {
        requireFraction(testFraction, "testFraction");
        requireFraction(validationFraction, "validationFraction");
        if (uniform(seed, imageId, "test") < testFraction) {
            return Set.TEST;
        }
        if (uniform(seed, imageId, "validation") < validationFraction) {
            return Set.VALIDATION;
        }
        return Set.TRAIN;
    }

    /**
     * The validation fraction to use: {@code configured} when it is non-negative, otherwise TuriCreate's rule,
     * 0.05 when there are at least 100 training rows and 0 below. The rule depends on the row count, so a caller
     * must decide it once per dataset (e.g. once per training request) and pass the result to every {@link
     * #assign} call; deciding it per image would break the stability of assignments.
     */
    public static double validationFractionFor(int trainingRows, double configured) {
        if (configured >= 0) {
            requireFraction(configured, "configured");
            return configured;
        }
        return trainingRows >= MIN_ROWS_FOR_VALIDATION ? DEFAULT_VALIDATION_FRACTION : 0;
    }

    /** A uniform number in [0, 1) determined by the three arguments. */
    static double uniform(long seed, String imageId, String purpose) {
        MessageDigest sha = Sha256.digest();
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        sha.update(imageId.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(purpose.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(sha.digest()).getLong();
        return (bits >>> 11) * 0x1.0p-53;
    }


    private static void requireFraction(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
    }
}
