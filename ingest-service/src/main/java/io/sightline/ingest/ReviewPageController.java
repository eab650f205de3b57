package io.sightline.ingest;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.View;
import io.sightline.security.Roles;

/** {@code GET /review}: the explorer's Review tab, rendered from {@code views/review.html}. */
@Secured(Roles.CONTRIBUTE)
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ReviewPageController {
    private final ReviewService review;
    private final CatalogAccess catalog;

    ReviewPageController(ReviewService review, CatalogAccess catalog) {
        this.review = review;
        this.catalog = catalog;
    }

    @Get("/review")
    @View("review")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    ReviewView page() {
        return ReviewView.of(review.size(), review.list(ReviewView.PAGE_SIZE), catalog.loaded().labelCounts().keySet());
    }
}
