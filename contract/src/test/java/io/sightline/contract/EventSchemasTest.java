package io.sightline.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schemas and the records agree: every schema accepts what the records write (at the
 * limits too), and every document a schema refuses the records refuse as well (table-driven, one row
 * per rule: each limit one over, each required field missing, each pattern and enum broken). Where the
 * records are more lenient than the schema, the lenience is listed and tested ({@link #textsForPeopleAreCut}).
 */
class EventSchemasTest {
    private static final String ID = "sha256:" + "ab".repeat(32);
    private static final ObjectRef OBJECT = new ObjectRef("b".repeat(Limits.BUCKET), "k".repeat(Limits.OBJECT_KEY));
    private static final BackboneInfo BACKBONE = new BackboneInfo("n".repeat(Limits.NAME), "f".repeat(Limits.SHA256_HEX), true);

    // ---- every schema: shipped, draft 2020-12, its examples valid for the schema and the record

    @Test
    void everyEventOfEveryTopicHasASchema() {
        Set<String> topicsWithSchemas = new TreeSet<>();
        EventSchemas.ALL.forEach(e -> topicsWithSchemas.add(e.topic()));
        Set<String> topics = new TreeSet<>();
        Topics.ALL.forEach(t -> topics.add(t.suffix()));
        assertEquals(topics, topicsWithSchemas);
        assertTrue(EventSchemas.read("../Json.class").isEmpty(), "only the listed names are served");
        assertTrue(EventSchemas.read("nope").isEmpty());
    }

    static Stream<String> names() {
        return EventSchemas.names().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void isDraft202012WithExamplesTheRecordsRead(String name) {
        JsonNode schema = SchemaCheck.tree(name);
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
        assertEquals("urn:sightline:schema:" + name, schema.path("$id").asText());
        assertTrue(schema.path("examples").size() > 0, name + " has examples");
        for (JsonNode example : schema.path("examples")) {
            assertEquals(List.of(), SchemaCheck.errors(name, example), "example " + example);
            Object record = Json.read(example, SchemaCheck.type(name));
            assertEquals(List.of(), SchemaCheck.errors(name, Json.mapper().valueToTree(record)), "example written back");
        }
    }

    // ---- the schemas accept what the records write

    static Stream<Arguments> written() {
        List<Prediction> many = IntStream.range(0, Limits.LABELS).mapToObj(i -> new Prediction("p" + i, 0.001)).toList();
        List<Arguments> rows = new ArrayList<>(List.of(
                row("classify-request", "inline, smallest", new ClassifyRequest("r", null, "AA==", null)),
                row("classify-request", "stored, every field at its limit", new ClassifyRequest("r".repeat(Limits.REQUEST_ID),
                        OBJECT, null, Limits.LABELS, "sightline.replies." + "x".repeat(Limits.TOPIC - 18))),
                row("classify-request", "topK 1", new ClassifyRequest("r", OBJECT, null, 1)),
                row("classify-result", "ok, predictions at their limit", ClassifyResult.ok("r".repeat(Limits.REQUEST_ID), 7,
                        many, 12.5, false, null)),
                row("classify-result", "ok, label at its limit, unknown", ClassifyResult.ok("r", 1,
                        List.of(new Prediction("l".repeat(Limits.LABEL), 1.0)), 0, true, 9.5)),
                row("review-item", "every text at its limit", new ReviewItem(ID, OBJECT, "c".repeat(Limits.CONTENT_TYPE),
                        Integer.MAX_VALUE, "l".repeat(Limits.LABEL), 1.0, true, 3.5, ReviewItem.Reason.UNKNOWN,
                        Instant.parse("2025-01-31T12:00:00.123456Z"))),
                row("review-item", "low confidence, no score", new ReviewItem(ID, OBJECT, "image/png", 1, "l", 0.0, false,
                        null, ReviewItem.Reason.LOW_CONFIDENCE, Instant.EPOCH)),
                row("labelled-image", "every text at its limit", new LabelledImage(ID, "l".repeat(Limits.LABEL), OBJECT,
                        "c".repeat(Limits.CONTENT_TYPE), Integer.MAX_VALUE, 1, Long.MAX_VALUE, "s".repeat(Limits.SOURCE),
                        Instant.parse("2025-01-31T12:00:00.123456Z"))),
                row("labelled-image", "no source", new LabelledImage(ID, "l", OBJECT, "image/png", 1, 1, 1, null, Instant.EPOCH)),
                row("embedding", "one value", Embedding.of("b", ID, new float[] {1.5f})),
                row("embedding", "the widest", Embedding.of("b".repeat(Limits.NAME), ID, new float[Limits.EMBEDDING_DIMENSION])),
                row("embedding-failure", "reason", new EmbeddingFailure("b", ID, "gone")),
                row("model-published", "labels at their limit", model("m".repeat(Limits.NAME),
                        IntStream.range(0, Limits.LABELS).mapToObj(i -> String.format("%064d", i)).toList())),
                row("model-published", "two labels", model("default", List.of("a", "b"))),
                row("model-published", "pretrained false", model("default", List.of("a", "b"), Pretrained.FALSE)),
                row("model-published", "pretrained unknown", model("default", List.of("a", "b"), Pretrained.UNKNOWN)),
                row("dead-letter-headers", "largest numbers", DeadLetterHeaders.of("t".repeat(Limits.TOPIC),
                        Integer.MAX_VALUE, Long.MAX_VALUE, "why"))));
        for (ErrorCode code : ErrorCode.values()) {
            rows.add(row("classify-result", "error " + code.wire(), ClassifyResult.error("r", code, "m", 1)));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("written")
    void acceptsWhatTheRecordsWrite(String name, String what, Object record) {
        JsonNode written = Json.readTree(Json.write(record));
        assertEquals(List.of(), SchemaCheck.errors(name, written));
        assertEquals(record, Json.read(written, record.getClass()), "read back unchanged");
    }

    // ---- what a schema refuses, the records refuse

    static Stream<Arguments> refused() {
        return Stream.of(
                bad("review-item", "label one over", d -> d.put("label", text(Limits.LABEL + 1))),
                bad("review-item", "confidence above 1", d -> d.put("confidence", 1.5)),
                bad("review-item", "modelVersion 0", d -> d.put("modelVersion", 0)),
                bad("review-item", "imageId not a hash", d -> d.put("imageId", "sha256:xyz")),
                bad("review-item", "reason missing", d -> d.remove("reason")),
                bad("classify-request", "requestId missing", d -> d.remove("requestId")),
                bad("classify-request", "requestId blank", d -> d.put("requestId", "  ")),
                bad("classify-request", "requestId one over", d -> d.put("requestId", text(Limits.REQUEST_ID + 1))),
                bad("classify-request", "requestId a number", d -> d.putArray("requestId")),
                bad("classify-request", "neither object nor imageBase64", d -> d.remove("imageBase64")),
                bad("classify-request", "both object and imageBase64", d -> d.set("object", objectRef("b", "k"))),
                bad("classify-request", "topK 0", d -> d.put("topK", 0)),
                bad("classify-request", "topK one over", d -> d.put("topK", Limits.LABELS + 1)),
                bad("classify-request", "replyTopic one over", d -> d.put("replyTopic", text(Limits.TOPIC + 1))),
                bad("classify-request", "replyTopic with a space", d -> d.put("replyTopic", "sightline.replies.my app")),
                bad("classify-request", "replyTopic with a slash", d -> d.put("replyTopic", "sightline.replies/x")),
                bad("classify-request", "replyTopic empty", d -> d.put("replyTopic", "")),
                bad("classify-request", "replyTopic ..", d -> d.put("replyTopic", "..")),
                bad("classify-request", "object.bucket one over",
                        d -> d.<ObjectNode>without("imageBase64").set("object", objectRef(text(Limits.BUCKET + 1), "k"))),
                bad("classify-request", "object.key one over",
                        d -> d.<ObjectNode>without("imageBase64").set("object", objectRef("b", text(Limits.OBJECT_KEY + 1)))),
                bad("classify-request", "object.key missing",
                        d -> d.<ObjectNode>without("imageBase64").set("object", Json.mapper().createObjectNode().put("bucket", "b"))),

                bad("classify-result", "requestId one over", d -> d.put("requestId", text(Limits.REQUEST_ID + 1))),
                bad("classify-result", "status missing", d -> d.remove("status")),
                bad("classify-result", "status unknown", d -> d.put("status", "maybe")),
                bad("classify-result", "ok without predictions", d -> d.remove("predictions")),
                bad("classify-result", "label one over", d -> d.put("label", text(Limits.LABEL + 1))),
                bad("classify-result", "prediction label one over",
                        d -> ((ObjectNode) d.path("predictions").get(0)).put("label", text(Limits.LABEL + 1))),
                bad("classify-result", "prediction label blank",
                        d -> ((ObjectNode) d.path("predictions").get(0)).put("label", " ")),
                bad("classify-result", "predictions one over", d -> {
                    ArrayNode predictions = d.putArray("predictions");
                    for (int i = 0; i <= Limits.LABELS; i++) {
                        predictions.addObject().put("label", "p").put("probability", 0.0);
                    }
                }),
                bad("classify-result", "error without error", d -> d.put("status", "error").remove("predictions")),
                bad("classify-result", "error code unknown", d -> d.put("status", "error").set("error",
                        Json.mapper().createObjectNode().put("code", "oops"))),
                bad("classify-result", "error code missing", d -> d.put("status", "error").set("error",
                        Json.mapper().createObjectNode().put("message", "m"))),

                bad("labelled-image", "imageId upper-case hex", d -> d.put("imageId", "sha256:" + "AB".repeat(32))),
                bad("labelled-image", "imageId short", d -> d.put("imageId", "sha256:abc")),
                bad("labelled-image", "label one over", d -> d.put("label", text(Limits.LABEL + 1))),
                bad("labelled-image", "label blank", d -> d.put("label", "\t")),
                bad("labelled-image", "contentType one over", d -> d.put("contentType", text(Limits.CONTENT_TYPE + 1))),
                bad("labelled-image", "width 0", d -> d.put("width", 0)),
                bad("labelled-image", "height negative", d -> d.put("height", -3)),
                bad("labelled-image", "sizeBytes 0", d -> d.put("sizeBytes", 0)),
                bad("labelled-image", "object missing", d -> d.remove("object")),
                bad("labelled-image", "ingestedAt missing", d -> d.remove("ingestedAt")),
                bad("labelled-image", "object.bucket one over", d -> d.set("object", objectRef(text(Limits.BUCKET + 1), "k"))),

                bad("embedding", "backboneId one over", d -> d.put("backboneId", text(Limits.NAME + 1))),
                bad("embedding", "imageId without prefix", d -> d.put("imageId", "ab".repeat(32))),
                bad("embedding", "dimension 0", d -> d.put("dimension", 0)),
                bad("embedding", "dimension one over", d -> d.put("dimension", Limits.EMBEDDING_DIMENSION + 1)),
                bad("embedding", "vector not base64", d -> d.put("vector", "AACA*wAAAMA=")),
                bad("embedding", "vector missing", d -> d.remove("vector")),

                bad("embedding-failure", "reason missing", d -> d.remove("reason")),
                bad("embedding-failure", "reason blank", d -> d.put("reason", " ")),
                bad("embedding-failure", "backboneId one over", d -> d.put("backboneId", text(Limits.NAME + 1))),

                bad("model-published", "name one over", d -> d.put("name", text(Limits.NAME + 1))),
                bad("model-published", "version 0", d -> d.put("version", 0)),
                bad("model-published", "sha256 one over", d -> d.put("sha256", text(Limits.SHA256_HEX + 1))),
                bad("model-published", "one label", d -> d.putArray("labels").add("a")),
                bad("model-published", "labels one over", d -> {
                    ArrayNode labels = d.putArray("labels");
                    IntStream.rangeClosed(0, Limits.LABELS).forEach(i -> labels.add("l" + i));
                }),
                bad("model-published", "a label one over", d -> d.putArray("labels").add("a").add(text(Limits.LABEL + 1))),
                bad("model-published", "a label blank", d -> d.putArray("labels").add("a").add(" ")),
                bad("model-published", "backbone.id one over", d -> ((ObjectNode) d.get("backbone")).put("id", text(Limits.NAME + 1))),
                bad("model-published", "backbone missing", d -> d.remove("backbone")),
                bad("model-published", "backbone.pretrained missing", d -> ((ObjectNode) d.get("backbone")).remove("pretrained")),
                bad("model-published", "backbone.pretrained maybe", d -> ((ObjectNode) d.get("backbone")).put("pretrained", "maybe")),
                bad("model-published", "backbone.pretrained a number", d -> ((ObjectNode) d.get("backbone")).put("pretrained", 1)),
                bad("model-published", "artifact.key one over", d -> d.set("artifact", objectRef("b", text(Limits.OBJECT_KEY + 1)))),

                bad("dead-letter-headers", "topic missing", d -> d.remove(DeadLetterHeaders.TOPIC)),
                bad("dead-letter-headers", "topic one over", d -> d.put(DeadLetterHeaders.TOPIC, text(Limits.TOPIC + 1))),
                bad("dead-letter-headers", "partition not a number", d -> d.put(DeadLetterHeaders.PARTITION, "one")),
                bad("dead-letter-headers", "offset negative", d -> d.put(DeadLetterHeaders.OFFSET, "-1")),
                bad("dead-letter-headers", "error blank", d -> d.put(DeadLetterHeaders.ERROR, " ")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void theRecordsRefuseWhatTheSchemaRefuses(String name, String what, JsonNode document) {
        assertFalse(SchemaCheck.errors(name, document).isEmpty(), "the schema refuses " + document);
        assertThrows(IllegalArgumentException.class, () -> Json.read(document, SchemaCheck.type(name)));
    }

    /** The only lenience: texts meant for people are cut by the records, so what they write is always valid. */
    static Stream<Arguments> cut() {
        return Stream.of(
                bad("labelled-image", "source", d -> d.put("source", text(Limits.SOURCE + 1))),
                bad("embedding-failure", "reason", d -> d.put("reason", text(Limits.MESSAGE + 1))),
                bad("dead-letter-headers", DeadLetterHeaders.ERROR, d -> d.put(DeadLetterHeaders.ERROR, text(Limits.MESSAGE + 1))),
                bad("classify-result", "error.message", d -> d.put("status", "error").<ObjectNode>without("predictions").set("error",
                        Json.mapper().createObjectNode().put("code", "internal").put("message", text(Limits.MESSAGE + 1)))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cut")
    void textsForPeopleAreCut(String name, String field, JsonNode document) {
        assertFalse(SchemaCheck.errors(name, document).isEmpty(), "the schema refuses a text over its limit");
        Object record = assertDoesNotThrow(() -> Json.read(document, SchemaCheck.type(name)));
        assertEquals(List.of(), SchemaCheck.errors(name, Json.mapper().valueToTree(record)), "what the record writes is valid");
    }

    @Test
    void inlinePictureOverItsLimitIsAnsweredNotRefused() {
        int limit = (ClassifyRequest.MAX_INLINE_BYTES + 2) / 3 * 4;
        ObjectNode request = example("classify-request").put("imageBase64", "A".repeat(limit));
        assertEquals(List.of(), SchemaCheck.errors("classify-request", request));
        request.put("imageBase64", "A".repeat(limit + 4));
        assertFalse(SchemaCheck.errors("classify-request", request).isEmpty());
        // The record takes it: the service decodes it and answers image_too_large, with the request's id.
        assertDoesNotThrow(() -> Json.read(request, ClassifyRequest.class));
    }

    // ---- pretrained: booleans (as every event before "unknown" held) and "unknown"

    @Test
    void pretrainedIsWrittenAsABooleanOrUnknownAndOldEventsRead() {
        for (boolean old : new boolean[] {true, false}) {
            ObjectNode event = example("model-published");
            ((ObjectNode) event.get("backbone")).put("pretrained", old);
            assertEquals(Pretrained.of(old), Json.read(event, ModelPublished.class).backbone().pretrained());
            assertTrue(Json.readTree(Json.write(Json.read(event, ModelPublished.class))).at("/backbone/pretrained").isBoolean(),
                    "a known answer is still written as a boolean");
        }
        ObjectNode unknown = example("model-published");
        ((ObjectNode) unknown.get("backbone")).put("pretrained", "unknown");
        ModelPublished read = Json.read(unknown, ModelPublished.class);
        assertEquals(Pretrained.UNKNOWN, read.backbone().pretrained());
        assertEquals("unknown", Json.readTree(Json.write(read)).at("/backbone/pretrained").textValue());
        assertEquals(Pretrained.UNKNOWN, Pretrained.parse(" Unknown "));
        assertThrows(IllegalArgumentException.class, () -> Pretrained.parse("yes"));
    }

    // ---- enums

    @Test
    void enumsAreTheJavaEnums() {
        JsonNode result = SchemaCheck.tree("classify-result");
        assertEquals(wires(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire)),
                values(result.at("/properties/error/anyOf/0/properties/code/enum")));
        assertEquals(wires(Arrays.stream(ClassifyResult.Status.values()).map(s -> Json.writeString(s).replace("\"", ""))),
                values(result.at("/properties/status/enum")));
    }

    // ---- helpers

    private static Arguments row(String name, String what, Object record) {
        return Arguments.of(name, what, record);
    }

    private static Arguments bad(String name, String what, Consumer<ObjectNode> change) {
        ObjectNode document = example(name);
        change.accept(document);
        return Arguments.of(name, what, document);
    }

    /** A fresh copy of the schema's first example (a valid document to break). */
    private static ObjectNode example(String name) {
        return (ObjectNode) SchemaCheck.tree(name).path("examples").get(0).deepCopy();
    }

    private static ObjectNode objectRef(String bucket, String key) {
        return Json.mapper().createObjectNode().put("bucket", bucket).put("key", key);
    }

    private static String text(int length) {
        return "x".repeat(length);
    }

    private static Set<String> wires(Stream<String> values) {
        return new TreeSet<>(values.toList());
    }

    private static Set<String> values(JsonNode array) {
        return new TreeSet<>(StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList());
    }

    private static ModelPublished model(String name, List<String> labels) {
        return model(name, labels, Pretrained.TRUE);
    }

    private static ModelPublished model(String name, List<String> labels, Pretrained pretrained) {
        BackboneInfo backbone = new BackboneInfo(BACKBONE.id(), BACKBONE.sha256(), pretrained);
        return new ModelPublished(name, Integer.MAX_VALUE, OBJECT, "f".repeat(Limits.SHA256_HEX), labels, backbone,
                new ModelMetrics(0.5, 0.5, 0.5, 0.5, 1.25), new TrainedOn(10, 0, 2), Instant.parse("2025-01-31T12:00:00Z"));
    }

}
