package io.sightline.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ErrorCode;
import io.sightline.security.Roles;
import java.io.IOException;
import java.util.Map;

/** The image API of SPEC section 4; every call is handed to {@link IngestService} or the catalog. */
@Secured(Roles.CONTRIBUTE)
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImagesController {
    private static final int MAX_PAGE_SIZE = 500;

    private final IngestService ingest;
    private final CatalogAccess catalog;
    private final Thumbnails thumbnails;

    ImagesController(IngestService ingest, CatalogAccess catalog, Thumbnails thumbnails) {
        this.ingest = ingest;
        this.catalog = catalog;
        this.thumbnails = thumbnails;
    }

    @Post(value = "/images", consumes = MediaType.MULTIPART_FORM_DATA)
    HttpResponse<IngestResult> upload(@Part("file") @Nullable CompletedFileUpload file,
                                      @Part("label") @Nullable String label) throws IOException {
        if (file == null) {
            throw IngestException.badRequest(ErrorCode.MISSING_FILE, "the multipart part 'file' (the picture) is missing");
        }
        IngestResult result = ingest.ingest(file.getBytes(), label, file.getFilename());
        return HttpResponse.status(result.outcome() == IngestOutcome.DUPLICATE ? HttpStatus.OK : HttpStatus.CREATED)
                .body(result);
    }

    @Delete("/images/{imageId}")
    HttpResponse<Map<String, String>> delete(@PathVariable String imageId) {
        ingest.remove(imageId);
        return HttpResponse.ok(Map.of("imageId", imageId, "status", "removed"));
    }

    @Get("/images")
    ImageCatalog.Page list(@QueryValue @Nullable String label,
                           @QueryValue(defaultValue = "0") int page,
                           @QueryValue(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw IngestException.badRequest(ErrorCode.BAD_REQUEST, "page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
        return catalog.loaded().page(label, page, size);
    }

    @Get("/images/{imageId}")
    HttpResponse<byte[]> bytes(@PathVariable String imageId) {
        IngestService.StoredImage stored = ingest.bytes(imageId);
        return HttpResponse.ok(stored.bytes())
                .contentType(stored.image().contentType())
                .header("Cache-Control", "private, max-age=31536000, immutable");
    }

    @Get("/images/{imageId}/thumbnail")
    HttpResponse<byte[]> thumbnail(@PathVariable String imageId) {
        return HttpResponse.ok(thumbnails.of(imageId))
                .contentType(MediaType.IMAGE_JPEG_TYPE)
                .header("Cache-Control", "private, max-age=31536000, immutable");
    }

    @Get("/labels")
    Map<String, Integer> labels() {
        return catalog.loaded().labelCounts();
    }
}
