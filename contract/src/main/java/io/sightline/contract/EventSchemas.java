package io.sightline.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The JSON Schemas (draft 2020-12) of every event on every topic, shipped in this jar under
 * {@code schemas/<name>.schema.json}: what an app in any language needs to read and write the events.
 * Served by the inference service at {@code GET /api/schemas/{name}}; docs/apps.md.
 */
public final class EventSchemas {
    private static final String FOLDER = "/schemas/";
    private static final String SUFFIX = ".schema.json";

    /** One schema: its name, the record it describes, and the topic suffix ({@link Topics}) it travels on. */
    public record Entry(String name, Class<?> type, String topic) {
    }

    public static final List<Entry> ALL = List.of(
            new Entry("classify-request", ClassifyRequest.class, Topics.CLASSIFY_REQUESTS),
            new Entry("classify-result", ClassifyResult.class, Topics.CLASSIFY_RESULTS),
            new Entry("labelled-image", LabelledImage.class, Topics.IMAGES),
            new Entry("embedding", Embedding.class, Topics.EMBEDDINGS),
            new Entry("embedding-failure", EmbeddingFailure.class, Topics.EMBEDDINGS),
            new Entry("model-published", ModelPublished.class, Topics.MODELS),
            new Entry("dead-letter-headers", DeadLetterHeaders.class, Topics.DLQ),
            new Entry("review-item", ReviewItem.class, Topics.REVIEW));

    private EventSchemas() {
    }

    /** The names, in {@link #ALL}'s order. */
    public static List<String> names() {
        return ALL.stream().map(Entry::name).toList();
    }

    /** The schema's JSON text, or empty when there is no schema of that name. */
    public static Optional<byte[]> read(String name) {
        if (name == null || !names().contains(name)) {
            return Optional.empty();
        }
        try (InputStream in = EventSchemas.class.getResourceAsStream(FOLDER + name + SUFFIX)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the contract jar");
            }
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name, e);
        }
    }
}
