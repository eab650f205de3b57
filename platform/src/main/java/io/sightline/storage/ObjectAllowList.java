package io.sightline.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The objects a service may read when a request names them: bucket/prefix pairs. A key is allowed
 * when it starts with an allowed prefix of its bucket and has no {@code .} or {@code ..} segment and no
 * empty one (so a prefix cannot be left through path tricks a store might resolve).
 */
public final class ObjectAllowList {
    private final List<Entry> entries;

    private record Entry(String bucket, String prefix) {
    }

    private ObjectAllowList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Nothing is allowed. */
    public static ObjectAllowList none() {
        return new ObjectAllowList(List.of());
    }

    /** Everything under {@code prefix} in {@code bucket}. */
    public static ObjectAllowList of(String bucket, String prefix) {
        return new ObjectAllowList(List.of(new Entry(bucket, prefix)));
    }

    /**
     * Entries {@code bucket/prefix} ({@code bucket/} for the whole bucket); none configured means
     * {@code fallbackBucket} with {@code images/}, where ingest keeps the uploaded pictures.
     */
    public static ObjectAllowList parse(List<String> configured, String fallbackBucket) {
        if (configured == null || configured.stream().allMatch(String::isBlank)) {
            return of(fallbackBucket, ObjectKeys.IMAGES_PREFIX);
        }
        List<Entry> entries = new ArrayList<>();
        for (String entry : configured) {
            String trimmed = entry.strip();
            int slash = trimmed.indexOf('/');
            if (slash < 1) {
                throw new IllegalArgumentException("an allowed object entry is bucket/prefix (bucket/ for the whole"
                        + " bucket), was '" + entry + "'");
            }
            entries.add(new Entry(trimmed.substring(0, slash), trimmed.substring(slash + 1)));
        }
        return new ObjectAllowList(entries);
    }

    public boolean allows(String bucket, String key) {
        if (bucket == null || key == null || !plainPath(key)) {
            return false;
        }
        return entries.stream().anyMatch(entry -> entry.bucket().equals(bucket) && key.startsWith(entry.prefix()));
    }

    private static boolean plainPath(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return !key.contains("\\");
    }

    @Override
    public String toString() {
        return entries.stream().map(entry -> entry.bucket() + "/" + entry.prefix()).toList().toString();
    }
}
