package io.sightline.contract;

import java.util.Objects;

/** An object in S3: bucket and key. */
public record ObjectRef(String bucket, String key) {
    public ObjectRef {
        Checks.text(bucket, Limits.BUCKET, "object.bucket");
        Checks.text(key, Limits.OBJECT_KEY, "object.key");
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }

    public static ObjectRef of(String bucket, String key) {
        return new ObjectRef(Objects.requireNonNull(bucket), Objects.requireNonNull(key));
    }
}
