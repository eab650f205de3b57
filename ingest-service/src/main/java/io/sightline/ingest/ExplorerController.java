package io.sightline.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.View;
import io.sightline.security.Roles;

/** {@code GET /}: the dataset explorer page, rendered from {@code views/explorer.html} (blocking: it may wait for the catalog after a start). */
@Secured(Roles.CONTRIBUTE)
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExplorerController {
    private final CatalogAccess catalog;

    ExplorerController(CatalogAccess catalog) {
        this.catalog = catalog;
    }

    @Get
    @View("explorer")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    ExplorerView explorer(@QueryValue @Nullable String label, @QueryValue(defaultValue = "0") int page) {
        int safePage = Math.max(0, page);
        ImageCatalog loaded = catalog.loaded();
        return ExplorerView.of(loaded.labelCounts(), label, loaded.page(label, safePage, ExplorerView.PAGE_SIZE));
    }
}
