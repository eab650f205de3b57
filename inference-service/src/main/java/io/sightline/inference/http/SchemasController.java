package io.sightline.inference.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.EventSchemas;
import io.sightline.security.Roles;
import java.util.Map;

/**
 * The JSON Schemas of the events (contract {@link EventSchemas}): {@code GET /api/schemas} lists their
 * names, {@code GET /api/schemas/{name}} answers one as {@code application/schema+json}; an unknown
 * name is 404 with the names there are. Role: classify (the lowest), since every app needs them.
 */
@Secured(Roles.CLASSIFY)
@Controller("/api/schemas")
public class SchemasController {
    static final MediaType SCHEMA_JSON = new MediaType("application/schema+json");

    @Get
    Map<String, Object> names() {
        return Map.of("schemas", EventSchemas.names());
    }

    @Get("/{name}")
    HttpResponse<?> schema(@PathVariable String name) {
        return EventSchemas.read(name).<HttpResponse<?>>map(bytes -> HttpResponse.ok(bytes).contentType(SCHEMA_JSON))
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).body(Map.of("error", Map.of(
                        "code", ErrorCode.NOT_FOUND, "message", "no schema of that name; there are "
                                + String.join(", ", EventSchemas.names())), "schemas", EventSchemas.names())));
    }
}
