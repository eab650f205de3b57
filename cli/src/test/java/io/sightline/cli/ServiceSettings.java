package io.sightline.cli;

import io.sightline.testing.TestInfra;
import java.util.HashMap;
import java.util.Map;

/** Settings that run the three services cheaply in a test: the tiny backbone on CPU, training only when asked. */
public final class ServiceSettings {
    private ServiceSettings() {
    }

    /** The three services on the shared test infrastructure, under a fresh topic prefix and bucket. */
    public static Map<String, Object> onTestInfra() {
        TestInfra infra = TestInfra.get();
        String prefix = infra.uniquePrefix();
        Map<String, Object> props = new HashMap<>(infra.micronautProperties(prefix, infra.uniqueBucket()));
        props.putAll(light(prefix));
        return props;
    }

    /** @param groupPrefix the consumer groups' prefix (a test's topic prefix), or null for the default group names */
    public static Map<String, Object> light(String groupPrefix) {
        Map<String, Object> props = new HashMap<>();
        props.put("sightline.trainer.backbone", "tiny");
        props.put("sightline.trainer.cache-dir", TestInfra.tempDir("services-cache").toString());
        props.put("sightline.trainer.auto-train", false);
        props.put("sightline.trainer.provider", "cpu");
        props.put("sightline.inference.provider", "cpu");
        props.put("sightline.inference.readiness-requires-model", false);
        if (groupPrefix != null) {
            props.put("sightline.trainer.embed-group", groupPrefix + "embed");
            props.put("sightline.inference.group-id", groupPrefix + "inference");
        }
        return props;
    }
}
