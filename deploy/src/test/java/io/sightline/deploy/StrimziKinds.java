package io.sightline.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.List;
import java.util.Map;

/**
 * The Strimzi kinds the manifests use, parsed with Strimzi's own typed model (io.strimzi:api). Current
 * Strimzi (1.x) serves only kafka.strimzi.io/v1; the model's classes serve v1 among others, and
 * {@link Kustomize} rejects every property that Strimzi's v1 schema does not have.
 */
final class StrimziKinds {
    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Kafka", Kafka.class,
            "KafkaNodePool", KafkaNodePool.class, "KafkaTopic", KafkaTopic.class, "KafkaUser", KafkaUser.class);

    private StrimziKinds() {
    }

    /** The model class of a kafka.strimzi.io/v1 kind, or null; any other Strimzi version fails. */
    static Class<? extends HasMetadata> classOf(String apiVersion, String kind) {
        if (apiVersion.startsWith("kafka.strimzi.io/") && !apiVersion.equals(API_VERSION)) {
            throw new AssertionError(kind + " is " + apiVersion + ": current Strimzi serves only " + API_VERSION);
        }
        Class<? extends HasMetadata> c = API_VERSION.equals(apiVersion) ? KINDS.get(kind) : null;
        if (c != null) {
            try {
                List<?> versions = (List<?>) c.getField("VERSIONS").get(null);
                if (!versions.contains("v1")) {
                    throw new AssertionError(c.getName() + " of this io.strimzi:api does not serve v1: " + versions);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return c;
    }
}
