package io.sightline.inference.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.sightline.contract.ErrorCode;
import io.sightline.inference.model.ModelInfo;
import io.sightline.inference.model.ModelSlot;
import io.sightline.security.Roles;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/model}: the serving model ({@code name, version, labels, provider, precision, backbone,
 * sha256, loadedAt}); before the first model, 404 with {@code {"error": {"code": "no_model", ...}}}.
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
                .orElseGet(() -> HttpResponse.status(HttpStatus.NOT_FOUND).body(Map.of("error", Map.of(
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
        return body;
    }
}
