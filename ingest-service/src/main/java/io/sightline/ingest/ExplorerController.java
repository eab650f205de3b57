package io.sightline.ingest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.views.View;
import io.sightline.security.Roles;

/** {@code GET /}: the dataset explorer page, rendered from {@code views/explorer.html}. */
@Secured(Roles.CONTRIBUTE)
@Controller
public class ExplorerController {
    private final ImageCatalog catalog;

    ExplorerController(ImageCatalog catalog) {
        this.catalog = catalog;
    }

    @Get
    @View("explorer")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    ExplorerView explorer(@QueryValue @Nullable String label, @QueryValue(defaultValue = "0") int page) {
        int safePage = Math.max(0, page);
        return ExplorerView.of(catalog.labelCounts(), label,
                catalog.page(label, safePage, ExplorerView.PAGE_SIZE));
    }
}
