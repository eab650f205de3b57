package io.sightline.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every limited field of every event: accepted at its limit, refused one over it, with the field named. */
class LimitsTest {
    private static final String ID = "sha256:" + "a".repeat(64);
    private static final ObjectRef OBJECT = new ObjectRef("b", "k");
    private static final BackboneInfo BACKBONE = new BackboneInfo("tiny-cnn", "ab".repeat(32), false);

    static Stream<Arguments> limitedFields() {
        return Stream.of(
                field("requestId", Limits.REQUEST_ID, n -> new ClassifyRequest(text(n), null, "AA==", null)),
                field("topK", Limits.LABELS, n -> new ClassifyRequest("r", null, "AA==", n)),
                field("object.bucket", Limits.BUCKET, n -> new ObjectRef(text(n), "k")),
                field("object.key", Limits.OBJECT_KEY, n -> new ObjectRef("b", text(n))),
                field("label", Limits.LABEL, n -> new LabelledImage(ID, text(n), OBJECT, "image/png", 1, 1, 1, "s",
                        Instant.EPOCH)),
                field("contentType", Limits.CONTENT_TYPE, n -> new LabelledImage(ID, "l", OBJECT, text(n), 1, 1, 1, "s",
                        Instant.EPOCH)),
                field("backbone.id", Limits.NAME, n -> new BackboneInfo(text(n), "ab", false)),
                field("backboneId", Limits.NAME, n -> Embedding.of(text(n), ID, new float[] {1f})),
                field("dimension", Limits.EMBEDDING_DIMENSION, n -> Embedding.of("b", ID, new float[n])),
                field("name", Limits.NAME, n -> model(text(n), List.of("a", "b"))),
                field("labels", Limits.LABELS, n -> model("m", IntStream.range(0, n).mapToObj(i -> "l" + i).toList())),
                field("label", Limits.LABEL, n -> new Prediction(text(n), 0.5)),
                field("predictions", Limits.LABELS, n -> ClassifyResult.ok("r", 1,
                        Collections.nCopies(n, new Prediction("a", 0.1)), 1, false, 0.5)));
    }

    @ParameterizedTest(name = "{0} of at most {1}")
    @MethodSource("limitedFields")
    void acceptedAtTheLimitAndRefusedOver(String field, int limit, IntFunction<Object> make) {
        assertDoesNotThrow(() -> make.apply(limit));
        IllegalArgumentException over = assertThrows(IllegalArgumentException.class, () -> make.apply(limit + 1));
        assertTrue(over.getMessage().startsWith(field), over.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitedFields")
    void writtenAndReadBackAtTheLimit(String field, int limit, IntFunction<Object> make) {
        Object atLimit = make.apply(limit);
        assertEquals(atLimit.toString(), Json.read(Json.write(atLimit), atLimit.getClass()).toString());
    }

    @org.junit.jupiter.api.Test
    void textsForPeopleAreCutNotRefused() {
        LabelledImage image = new LabelledImage(ID, "l", OBJECT, "image/png", 1, 1, 1, "d/".repeat(2000) + "end.jpg",
                Instant.EPOCH);
        assertEquals(Limits.SOURCE, image.source().length());
        assertTrue(image.source().endsWith("end.jpg"), "the end of a path says the most");
        ErrorInfo error = new ErrorInfo(ErrorCode.INTERNAL, "x".repeat(5000));
        assertEquals(Limits.MESSAGE, error.message().length());
    }

    private static Arguments field(String name, int limit, IntFunction<Object> make) {
        return Arguments.of(name, limit, make);
    }

    private static String text(int length) {
        return "x".repeat(length);
    }

    private static ModelPublished model(String name, List<String> labels) {
        return new ModelPublished(name, 1, OBJECT, "ab", labels, BACKBONE, new ModelMetrics(1, 1, 1, 1, 0),
                new TrainedOn(1, 0, 1), Instant.EPOCH);
    }
}
