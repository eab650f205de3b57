package io.sightline.inference.engine;

import io.sightline.contract.ObjectRef;

/** Where a request's picture bytes are: in S3, inline as base64, or already in memory (an upload). */
public sealed interface Picture {
    /** A name for messages and logs. */
    String describe();

    /** An object in S3. */
    record Stored(ObjectRef object) implements Picture {
        @Override
        public String describe() {
            return object.toString();
        }
    }

    /** The {@code imageBase64} of a request. */
    record Inline(String base64) implements Picture {
        @Override
        public String describe() {
            return "imageBase64";
        }
    }

    /** Bytes received over HTTP. */
    record Uploaded(byte[] bytes, String name) implements Picture {
        @Override
        public String describe() {
            return name == null || name.isBlank() ? "upload" : name;
        }
    }
}
