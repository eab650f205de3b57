package io.sightline.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.View;
import io.sightline.security.BrowserSession;
import io.sightline.security.Roles;

/**
 * The explorer's Review tab: {@code GET /review} renders {@code views/review.html}; its forms post to
 * {@code POST /review/{imageId}} (form field {@code label}), which labels the picture as the API does and sends
 * the browser back to the tab with what happened. The forms carry the session's form token, so the login
 * cookie is enough (see {@link BrowserSession}); no script is involved.
 */
@Secured(Roles.CONTRIBUTE)
@Controller("/review")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReviewPageController {
    private final ReviewService review;
    private final CatalogAccess catalog;

    ReviewPageController(ReviewService review, CatalogAccess catalog) {
        this.review = review;
        this.catalog = catalog;
    }

    @Get
    @View("review")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    ReviewView page(HttpRequest<?> request, @QueryValue @Nullable String done, @QueryValue @Nullable String problem) {
        return ReviewView.of(review.size(), review.list(ReviewView.PAGE_SIZE), catalog.loaded().labelCounts().keySet(),
                BrowserSession.formToken(request).orElse(null), ReviewView.Notice.of(done, problem));
    }

    @Post(value = "/{imageId}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    HttpResponse<?> label(@PathVariable String imageId, @Body("label") @Nullable String label) {
        UriBuilder back = UriBuilder.of("/review");
        try {
            IngestResult result = review.label(imageId, label);
            back.queryParam("done", result.label());
        } catch (IngestException e) {
            back.queryParam("problem", e.code().wire());
        }
        return HttpResponse.seeOther(back.build());
    }
}
