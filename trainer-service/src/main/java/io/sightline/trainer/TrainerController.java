package io.sightline.trainer;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.sightline.contract.BackboneInfo;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ModelStatus;
import io.sightline.contract.TrainedOn;
import io.sightline.security.Roles;
import io.sightline.train.IterationProgress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Training and the model registry over HTTP (SPEC section 4). */
@Secured(Roles.ADMIN)
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TrainerController {
    private final TrainingCoordinator coordinator;
    private final TrainingService training;
    private final ModelRegistry registry;
    private final ModelPromotion promotion;
    private final ServingModel serving;

    TrainerController(TrainingCoordinator coordinator, TrainingService training, ModelRegistry registry,
                      ModelPromotion promotion, ServingModel serving) {
        this.coordinator = coordinator;
        this.training = training;
        this.registry = registry;
        this.promotion = promotion;
        this.serving = serving;
    }

    @Post("/train")
    HttpResponse<Map<String, Object>> train() {
        coordinator.request();
        return HttpResponse.accepted().body(Map.of("status", "scheduled", "trainer", coordinator.status()));
    }

    @Get("/train")
    Map<String, Object> status() {
        return Map.of("trainer", coordinator.status(), "dataset", coordinator.datasetProgress(),
                "iterations", training.progress());
    }

    @Get("/models")
    List<ModelSummary> models() {
        int served = serving.current().map(ModelPublished::version).orElse(0);
        return registry.list().stream().map(record -> ModelSummary.of(record, record.version() == served)).toList();
    }

    @Get("/models/{version}")
    HttpResponse<?> model(@PathVariable int version) {
        return registry.find(version)
                .<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> notFound(version));
    }

    @Get("/models/{version}/report")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    HttpResponse<?> report(@PathVariable int version) {
        return registry.report(version)
                .<HttpResponse<?>>map(bytes -> HttpResponse.ok(bytes).contentType(MediaType.TEXT_HTML + ";charset=utf-8"))
                .orElseGet(() -> notFound(version));
    }

    /** Serves {@code version}: a rejected candidate, or a roll-back; the services follow as for a trained one. */
    @Post("/models/{version}/promote")
    HttpResponse<?> promote(@PathVariable int version, Authentication who) {
        ModelPromotion.Result result = promotion.promote(version, who.getName());
        return switch (result.outcome()) {
            case ANNOUNCED -> HttpResponse.accepted().body(Map.of("version", version,
                    "status", result.record().orElseThrow().status(), "message", "version " + version
                            + " was announced on the models topic; the inference service serves it once loaded"
                            + " (GET /api/model)"));
            case NOT_FOUND -> notFound(version);
            case NOT_LEADER -> HttpResponse.status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "5")
                    .body(Map.of("error", Map.of("code", ErrorCode.UNAVAILABLE, "message", "this trainer replica does"
                            + " not hold the training lease (or has not loaded its state yet); the replica that"
                            + " trains announces versions — send the request again")));
        };
    }

    private HttpResponse<?> notFound(int version) {
        return HttpResponse.notFound(Map.of("error", Map.of("code", ErrorCode.NOT_FOUND,
                "message", "no version " + version + " of model '" + registry.name() + "'")))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** One line of {@code GET /api/models}; {@code serving}: the last version announced on the models topic. */
    public record ModelSummary(int version, ModelStatus status, boolean serving, String reason, Instant createdAt,
                               ModelMetrics metrics, TrainedOn trainedOn, BackboneInfo backbone, List<String> labels,
                               String sha256, List<IterationProgress> history) {
        static ModelSummary of(ModelRecord record, boolean serving) {
            return new ModelSummary(record.version(), record.status(), serving, record.reason(), record.createdAt(),
                    record.metrics(), record.trainedOn(), record.backbone(), record.labels(), record.sha256(),
                    record.history());
        }
    }
}
