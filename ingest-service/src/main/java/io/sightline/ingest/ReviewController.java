package io.sightline.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ReviewItem;
import io.sightline.security.Roles;
import java.util.List;

/**
 * The review queue over HTTP ({@code contribute}): {@code GET /api/review} lists what waits,
 * {@code POST /api/review/{imageId}} with {@code {"label": "..."}} labels a picture (an upload under that label)
 * and takes it off the queue, {@code GET /api/review/{imageId}/thumbnail} shows it.
 */
@Secured(Roles.CONTRIBUTE)
@Controller("/api/review")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReviewController {
    private final ReviewService review;

    ReviewController(ReviewService review) {
        this.review = review;
    }

    /** The listing: {@code total} waiting, {@code items} the first {@code limit} of them. */
    public record Listing(int total, List<ReviewItem> items) {
    }

    /** The body of a label: the label to give the picture. */
    public record LabelRequest(@Nullable String label) {
    }

    @Get
    Listing list(@QueryValue(defaultValue = "100") int limit) {
        return new Listing(review.size(), review.list(limit));
    }

    @Post(value = "/{imageId}", consumes = MediaType.APPLICATION_JSON)
    HttpResponse<IngestResult> label(@PathVariable String imageId, @Body LabelRequest body) {
        IngestResult result = review.label(imageId, body.label());
        return HttpResponse.status(result.outcome() == IngestOutcome.DUPLICATE ? HttpStatus.OK : HttpStatus.CREATED)
                .body(result);
    }

    @Get("/{imageId}/thumbnail")
    HttpResponse<byte[]> thumbnail(@PathVariable String imageId) {
        return HttpResponse.ok(review.thumbnail(imageId)).contentType(MediaType.IMAGE_JPEG_TYPE)
                .header("Cache-Control", "private, max-age=3600");
    }
}
