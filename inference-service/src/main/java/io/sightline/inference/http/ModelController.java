package io.sightline.inference.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ErrorCode;
import io.sightline.inference.model.ModelInfo;
import io.sightline.inference.model.ModelSlot;
import io.sightline.inference.plan.PlanChoice;
import io.sightline.inference.plan.PlanFigure;
import io.sightline.inference.plan.RunPlan;
import io.sightline.security.Roles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/model}: the serving model ({@code name, version, labels, provider, precision, backbone,
 * sha256, loadedAt, runPlan}); before the first model, {@code no_model} with its one status (503, as from
 * {@code POST /api/classify}): {@code {"error": {"code": "no_model", ...}}}.
 * The shape is in docs/interfaces.md.
 */
@Secured(Roles.CLASSIFY)
@Controller("/api")
public class ModelController {
    private final ModelSlot slot;

    ModelController(ModelSlot slot) {
        this.slot = slot;
    }

    @Get("/model")
    HttpResponse<?> model() {
        return slot.info().<HttpResponse<?>>map(info -> HttpResponse.ok(body(info)))
                .orElseGet(() -> HttpResponse.status(ErrorStatus.of(ErrorCode.NO_MODEL)).body(Map.of("error", Map.of(
                        "code", ErrorCode.NO_MODEL.wire(),
                        "message", "no model is loaded yet; train one and wait for it to be published"))));
    }

    private static Map<String, Object> body(ModelInfo info) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", info.name());
        body.put("version", info.version());
        body.put("labels", info.labels());
        body.put("provider", info.provider().name().toLowerCase(java.util.Locale.ROOT));
        body.put("precision", info.precision().wire());
        body.put("backbone", Map.of("id", info.backbone().id(), "sha256", info.backbone().sha256(),
                "pretrained", info.backbone().pretrained().json()));
        body.put("sha256", info.sha256());
        body.put("loadedAt", info.loadedAt().toString());
        body.put("runPlan", runPlan(info.runPlan()));
        return body;
    }

    /** The plan kept, how it was chosen, and every candidate measured (images/s); the measurement's fields only when measured. */
    static Map<String, Object> runPlan(PlanChoice choice) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("chosen", plan(choice.plan()));
        plan.put("basis", choice.basis().wire());
        if (choice.basis() == PlanChoice.Basis.MEASUREMENT) {
            plan.put("imagesPerSecond", round(choice.imagesPerSecond()));
            plan.put("measuredAt", choice.measuredAt().toString());
            plan.put("measuredOnVersion", choice.measuredOnVersion());
            plan.put("measureSeconds", round(choice.measureSeconds()));
        } else {
            plan.put("note", choice.note());
        }
        List<Map<String, Object>> candidates = choice.candidates().stream().map(ModelController::candidate).toList();
        plan.put("candidates", candidates);
        return plan;
    }

    private static Map<String, Object> candidate(PlanFigure figure) {
        Map<String, Object> candidate = plan(figure.plan());
        candidate.put("imagesPerSecond", round(figure.imagesPerSecond()));
        candidate.put("images", figure.images());
        candidate.put("runs", figure.runs());
        candidate.put("seconds", round(figure.seconds()));
        return candidate;
    }

    private static Map<String, Object> plan(RunPlan plan) {
        Map<String, Object> shape = new LinkedHashMap<>();
        shape.put("label", plan.label());
        shape.put("parallelRuns", plan.parallelRuns());
        shape.put("threadsPerRun", plan.threadsPerRun());
        shape.put("batchSize", plan.batchSize());
        return shape;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
