package io.sightline.inference.engine;

/** Where a classify request came from; batches mix them. */
public enum Source {
    KAFKA,
    HTTP;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
