package io.sightline.inference.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.Json;
import io.sightline.contract.Limits;
import java.io.IOException;

/**
 * Reads a request record in two steps, so that everything carrying a requestId gets a result: first
 * as a JSON object with a textual {@code requestId} of at most {@link Limits#REQUEST_ID} characters
 * (else {@link ParsedRequest.NotARequest}), then as
 * a {@link ClassifyRequest} whose checks (exactly one of object or imageBase64, topK >= 1, ...) give
 * {@link ParsedRequest.Invalid} with the reason.
 */
public final class RequestParser {
    private RequestParser() {
    }

    public static ParsedRequest parse(byte[] value) {
        if (value == null || value.length == 0) {
            return new ParsedRequest.NotARequest("empty record value");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(value);
        } catch (IOException e) {
            return new ParsedRequest.NotARequest("not JSON: " + firstLine(e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            return new ParsedRequest.NotARequest("not a JSON object");
        }
        JsonNode id = tree.get("requestId");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            return new ParsedRequest.NotARequest("no requestId");
        }
        String requestId = id.asText();
        if (requestId.length() > Limits.REQUEST_ID) {
            // Its result could not be keyed by it (and could outgrow the results topic): it can never be answered.
            return new ParsedRequest.NotARequest("requestId is " + requestId.length() + " characters long, at most "
                    + Limits.REQUEST_ID + " are allowed");
        }
        try {
            return new ParsedRequest.Valid(Json.mapper().treeToValue(tree, ClassifyRequest.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new ParsedRequest.Invalid(requestId, reason(e));
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause.getCause() instanceof IllegalArgumentException) {
                return "invalid request: " + cause.getCause().getMessage();
            }
            cause = cause.getCause();
        }
        return "invalid request: " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
