package io.sightline.contract;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The headers Sightline adds to a record it copies to {@code sightline.dlq} (its key, value and own
 * headers are the original's): where it came from and why it can never succeed. Header values are
 * UTF-8 text; as JSON (the {@code dead-letter-headers} schema) the header names are the fields.
 */
public record DeadLetterHeaders(
        @JsonProperty(TOPIC) String topic,
        @JsonProperty(PARTITION) String partition,
        @JsonProperty(OFFSET) String offset,
        @JsonProperty(ERROR) String error) {
    public static final String TOPIC = "sightline.dlq.topic";
    public static final String PARTITION = "sightline.dlq.partition";
    public static final String OFFSET = "sightline.dlq.offset";
    public static final String ERROR = "sightline.dlq.error";
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,19}");

    public DeadLetterHeaders {
        Checks.text(topic, Limits.TOPIC, "topic");
        number(partition, "partition");
        number(offset, "offset");
        error = Checks.cut(Checks.notBlank(error, "error"), Limits.MESSAGE);
    }

    public static DeadLetterHeaders of(String topic, int partition, long offset, String error) {
        return new DeadLetterHeaders(topic, Integer.toString(partition), Long.toString(offset), error);
    }

    /** Header name to value, in the order they are added. */
    public Map<String, String> asMap() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TOPIC, topic);
        headers.put(PARTITION, partition);
        headers.put(OFFSET, offset);
        headers.put(ERROR, error);
        return headers;
    }

    private static void number(String value, String field) {
        Checks.notBlank(value, field);
        if (!NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a non-negative decimal number, was " + value);
        }
    }
}
