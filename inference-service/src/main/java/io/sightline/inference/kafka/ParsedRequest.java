package io.sightline.inference.kafka;

import io.sightline.contract.ClassifyRequest;

/** What a record of {@code classify.requests} turned out to be. */
public sealed interface ParsedRequest {
    /** Not JSON, not an object, or without a requestId: it can never get a result, so it goes to the DLQ. */
    record NotARequest(String reason) implements ParsedRequest {
    }

    /** Has a requestId but a shape that breaks the contract: it gets a {@code bad_request} result. */
    record Invalid(String requestId, String reason) implements ParsedRequest {
    }

    /** A well-formed request. */
    record Valid(ClassifyRequest request) implements ParsedRequest {
    }
}
