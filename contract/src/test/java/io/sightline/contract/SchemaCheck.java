package io.sightline.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shipped schemas, compiled once with a draft 2020-12 validator. */
final class SchemaCheck {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private SchemaCheck() {
    }

    static JsonNode tree(String name) {
        return Json.readTree(EventSchemas.read(name).orElseThrow());
    }

    /** The schema's complaints about {@code document}; empty when it accepts it. */
    static List<Error> errors(String name, JsonNode document) {
        return SCHEMAS.computeIfAbsent(name, n -> REGISTRY.getSchema(tree(n))).validate(document);
    }

    static Class<?> type(String name) {
        return EventSchemas.ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow().type();
    }
}
