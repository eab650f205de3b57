package io.sightline.ingest;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ErrorCode;
import io.sightline.security.Roles;

/**
 * {@code POST /api/gc?dryRun=true|false}: lists (dry run, the default) or removes the picture bytes in S3
 * that no event of the dataset names. An admin operation; {@code ./sightline gc [--delete]} drives it.
 */
@Secured(Roles.ADMIN)
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class GcController {
    private final OrphanCollector collector;

    GcController(OrphanCollector collector) {
        this.collector = collector;
    }

    @Post("/gc")
    GcReport gc(@QueryValue(defaultValue = "true") String dryRun) {
        if (!dryRun.equals("true") && !dryRun.equals("false")) {
            throw IngestException.badRequest(ErrorCode.BAD_REQUEST, "dryRun is true (list only, the default) or false "
                    + "(remove), not '" + dryRun.substring(0, Math.min(20, dryRun.length())) + "'");
        }
        return collector.collect(Boolean.parseBoolean(dryRun));
    }
}
