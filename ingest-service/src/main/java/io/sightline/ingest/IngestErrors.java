package io.sightline.ingest;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;

/** Turns an {@link IngestException} into its status and a JSON body naming the reason; retriable ones carry Retry-After. */
@Produces
@Singleton
@Requires(classes = {IngestException.class, ExceptionHandler.class})
public class IngestErrors implements ExceptionHandler<IngestException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, IngestException error) {
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.valueOf(error.code().httpStatus()));
        if (error.code().retriable()) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(Map.of("error", Map.of("code", error.code(), "message", error.getMessage())));
    }
}
