package io.sightline.deploy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Set;

/**
 * Typed models of the custom resources of KEDA and prometheus-operator that the manifests use. Neither
 * project publishes a Java model on Maven Central, so these records were written from their current CRDs
 * (KEDA 2.20: config/crd/bases/keda.sh_scaledobjects.yaml and keda.sh_triggerauthentications.yaml, and
 * the kafka scaler's metadata in pkg/scalers/kafka_scaler.go; prometheus-operator: the ServiceMonitor CRD
 * monitoring.coreos.com/v1). They hold only the fields the manifests use: {@link Kustomize} parses with
 * FAIL_ON_UNKNOWN_PROPERTIES, so a misspelt field, or a valid one the manifests start to use, fails until
 * it is added here from the CRD; {@code required} marks the CRD's required fields.
 */
final class OperatorKinds {
    static final String KEDA = "keda.sh/v1alpha1";
    static final String PROMETHEUS_OPERATOR = "monitoring.coreos.com/v1";

    private OperatorKinds() {
    }

    /** The typed class of a custom kind, or null when it is not one of these. */
    static Class<? extends HasMetadata> classOf(String apiVersion, String kind) {
        return switch (apiVersion + " " + kind) {
            case KEDA + " ScaledObject" -> ScaledObject.class;
            case KEDA + " TriggerAuthentication" -> TriggerAuthentication.class;
            case PROMETHEUS_OPERATOR + " ServiceMonitor" -> ServiceMonitor.class;
            default -> null;
        };
    }

    /**
     * apiVersion, kind, metadata and a typed spec, like every custom resource. Jackson's own deserializer, not
     * the one fabric8 puts on every KubernetesResource (which would make a GenericKubernetesResource of it).
     */
    @JsonDeserialize(using = JsonDeserializer.None.class)
    abstract static class Resource<S> implements HasMetadata {
        @JsonProperty(required = true)
        private String apiVersion;
        @JsonProperty(required = true)
        private String kind;
        @JsonProperty(required = true)
        private ObjectMeta metadata;
        @JsonProperty(required = true)
        private S spec;

        @Override
        public ObjectMeta getMetadata() {
            return metadata;
        }

        @Override
        public void setMetadata(ObjectMeta metadata) {
            this.metadata = metadata;
        }

        @Override
        public String getApiVersion() {
            return apiVersion;
        }

        @Override
        public void setApiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
        }

        @Override
        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public S getSpec() {
            return spec;
        }

        public void setSpec(S spec) {
            this.spec = spec;
        }

        @JsonIgnore
        @Override
        public String getPlural() {
            return kind.toLowerCase(java.util.Locale.ROOT) + "s";
        }

        @JsonIgnore
        @Override
        public String getSingular() {
            return kind.toLowerCase(java.util.Locale.ROOT);
        }
    }

    // ---- KEDA keda.sh/v1alpha1 ----

    static final class ScaledObject extends Resource<ScaledObjectSpec> {
    }

    record ScaledObjectSpec(@JsonProperty(required = true) ScaleTargetRef scaleTargetRef, Integer minReplicaCount,
                            Integer maxReplicaCount, Integer pollingInterval, Integer cooldownPeriod,
                            @JsonProperty(required = true) List<Trigger> triggers) {
    }

    record ScaleTargetRef(@JsonProperty(required = true) String name, String kind, String apiVersion,
                          String envSourceContainerName) {
    }

    /** A trigger; the manifests use only the kafka scaler, so its metadata is typed as that scaler's. */
    record Trigger(@JsonProperty(required = true) String type, String name,
                   @JsonProperty(required = true) KafkaScalerMetadata metadata, AuthenticationRef authenticationRef) {
    }

    record AuthenticationRef(@JsonProperty(required = true) String name, String kind) {
    }

    /**
     * The kafka scaler's trigger metadata (a map of strings in the CRD; kafka_scaler.go reads these names, the
     * ones marked order=triggerMetadata; {@code <name>FromEnv} reads the value from the target's container).
     */
    record KafkaScalerMetadata(String bootstrapServers, String bootstrapServersFromEnv, String consumerGroup,
                               String consumerGroupFromEnv, String topic, String lagThreshold,
                               String activationLagThreshold, String offsetResetPolicy, String allowIdleConsumers,
                               String excludePersistentLag, String scaleToZeroOnInvalidOffset,
                               String limitToPartitionsWithLag, String sasl, String tls) {
        static final Set<String> OFFSET_RESET = Set.of("latest", "earliest");
        static final Set<String> SASL = Set.of("none", "plaintext", "scram_sha256", "scram_sha512", "oauthbearer", "gssapi");
        static final Set<String> TLS = Set.of("enable", "disable");
    }

    static final class TriggerAuthentication extends Resource<TriggerAuthenticationSpec> {
    }

    /** The ways a TriggerAuthentication names its parameters that the manifests use (KEDA has more). */
    record TriggerAuthenticationSpec(List<TargetRef> secretTargetRef, List<TargetRef> configMapTargetRef,
                                     List<EnvRef> env) {
    }

    record TargetRef(@JsonProperty(required = true) String parameter, @JsonProperty(required = true) String name,
                     @JsonProperty(required = true) String key) {
    }

    record EnvRef(@JsonProperty(required = true) String parameter, @JsonProperty(required = true) String name,
                  String containerName) {
    }

    // ---- prometheus-operator monitoring.coreos.com/v1 ----

    static final class ServiceMonitor extends Resource<ServiceMonitorSpec> {
    }

    record ServiceMonitorSpec(@JsonProperty(required = true) LabelSelector selector, List<Endpoint> endpoints,
                              NamespaceSelector namespaceSelector, String jobLabel) {
    }

    record Endpoint(String port, String path, String interval, String scheme, String scrapeTimeout) {
    }

    record NamespaceSelector(Boolean any, List<String> matchNames) {
    }
}
