package io.sightline.contract;

/**
 * The limits of every string and list in the events (docs/interfaces.md lists them). A record that
 * breaks one is refused by its compact constructor, so a consumer never holds, and never writes, an
 * event larger than its topic takes: a request whose id could not fit in a result is a dead letter,
 * not a poison pill that stalls its partition.
 */
public final class Limits {
    /** requestId: an app's correlation id, also the result's key. */
    public static final int REQUEST_ID = 256;
    /** A label, as the ingest API's label rule says. */
    public static final int LABEL = 64;
    /** Labels of one model, and so predictions of one result and topK. */
    public static final int LABELS = 1000;
    /** S3 bucket names (S3's own limit). */
    public static final int BUCKET = 63;
    /** S3 object keys (S3's own limit). */
    public static final int OBJECT_KEY = 1024;
    /** A picture's source (file name or path, for people); longer ones are cut, keeping the end. */
    public static final int SOURCE = 1024;
    /** A MIME type. */
    public static final int CONTENT_TYPE = 255;
    /** A model name, a backbone id. */
    public static final int NAME = 128;
    /** A SHA-256 in hex. */
    public static final int SHA256_HEX = 64;
    /** Width of one embedding. */
    public static final int EMBEDDING_DIMENSION = 65_536;
    /** A Kafka topic name (Kafka's own limit), e.g. a request's {@code replyTopic}. */
    public static final int TOPIC = 249;
    /** An error message; longer ones are cut. */
    public static final int MESSAGE = 1024;
    /** The largest result written to the results topic (its records may be 1 MiB, Kafka's default). */
    public static final int RESULT_BYTES = 512 * 1024;

    private Limits() {
    }
}
