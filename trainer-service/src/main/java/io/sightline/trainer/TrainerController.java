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
import io.sightline.contract.BackboneInfo;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ModelStatus;
import io.sightline.contract.TrainedOn;
import io.sightline.train.IterationProgress;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Training and the model registry over HTTP (SPEC section 4). */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class TrainerController {
    private final TrainingCoordinator coordinator;
    private final TrainingService training;
    private final ModelRegistry registry;

    TrainerController(TrainingCoordinator coordinator, TrainingService training, ModelRegistry registry) {
        this.coordinator = coordinator;
        this.training = training;
        this.registry = registry;
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
        return registry.list().stream().map(ModelSummary::of).toList();
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

    private HttpResponse<?> notFound(int version) {
        return HttpResponse.notFound(Map.of("error", Map.of("code", "not_found",
                "message", "no version " + version + " of model '" + registry.name() + "'")));
    }

    /** One line of {@code GET /api/models}. */
    public record ModelSummary(int version, ModelStatus status, String reason, Instant createdAt, ModelMetrics metrics,
                               TrainedOn trainedOn, BackboneInfo backbone, List<String> labels, String sha256,
                               List<IterationProgress> history) {
        static ModelSummary of(ModelRecord record) {
            return new ModelSummary(record.version(), record.status(), record.reason(), record.createdAt(),
                    record.metrics(), record.trainedOn(), record.backbone(), record.labels(), record.sha256(),
                    record.history());
        }
    }
}
