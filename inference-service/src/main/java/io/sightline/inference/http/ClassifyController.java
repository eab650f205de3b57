package io.sightline.inference.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.security.Roles;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/classify}: the picture as multipart part {@code file}, or as the raw body (any
 * image content type or application/octet-stream); optional {@code topK}. Answers the
 * {@link ClassifyResult}, with 200 for ok and the error code's 4xx/5xx status otherwise.
 */
@Secured(Roles.CLASSIFY)
@Controller("/api")
@Produces(MediaType.APPLICATION_JSON)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ClassifyController {
    private static final String RETRY_AFTER_SECONDS = "1";

    private final HttpClassifier classifier;

    ClassifyController(HttpClassifier classifier) {
        this.classifier = classifier;
    }

    @Post(value = "/classify", consumes = MediaType.MULTIPART_FORM_DATA)
    CompletableFuture<HttpResponse<ClassifyResult>> multipart(@Part("file") @Nullable CompletedFileUpload file,
                                                              @QueryValue @Nullable Integer topK) throws IOException {
        byte[] bytes = file == null ? null : file.getBytes();
        return respond(classifier.classify(bytes, file == null ? null : file.getFilename(), topK));
    }

    @Post(value = "/classify", consumes = {"image/*", MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG, MediaType.IMAGE_GIF,
            MediaType.IMAGE_BMP, MediaType.IMAGE_WEBP, "image/tiff", MediaType.APPLICATION_OCTET_STREAM})
    CompletableFuture<HttpResponse<ClassifyResult>> raw(@Body @Nullable byte[] body, @QueryValue @Nullable Integer topK) {
        return respond(classifier.classify(body, "body", topK));
    }

    private static CompletableFuture<HttpResponse<ClassifyResult>> respond(CompletableFuture<ClassifyResult> result) {
        return result.thenApply(ClassifyController::response);
    }

    static HttpResponse<ClassifyResult> response(ClassifyResult result) {
        MutableHttpResponse<ClassifyResult> response = HttpResponse.<ClassifyResult>status(ErrorStatus.of(result)).body(result);
        if (!result.isOk() && result.error().code() == ErrorCode.OVERLOADED) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response;
    }
}
