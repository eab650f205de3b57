package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What every test walks: the shipped kustomizations and every overlay with every set of components, the
 * Deployments they must hold, and where a Secret a pod refers to comes from.
 */
final class Renders {
    /** The namespace of the dev and prod-example overlays. */
    static final String NAMESPACE = "sightline";

    /** The overlays that components layer on. */
    static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/prod-example");

    /** The one set of Deployments every render holds, with the service each runs. */
    static final Map<String, Repo.Service> DEPLOYMENTS = Map.of(
            "ingest-service", Repo.Service.INGEST,
            "trainer-head", Repo.Service.TRAINER,
            "trainer-embedder", Repo.Service.TRAINER,
            "inference-service", Repo.Service.INFERENCE);

    /** The Deployments that the GPU component moves onto GPUs (the head trainer embeds nothing). */
    static final Set<String> GPU_DEPLOYMENTS = Set.of("trainer-embedder", "inference-service");

    /**
     * Secrets that the base and prod-example expect to exist (created by the user's secret manager), with
     * their keys: the names this repository assumes (deploy/README.md, "What the base expects").
     */
    static final Map<String, Set<String>> EXTERNAL_SECRETS = Map.of(
            "sightline-s3", Set.of("SIGHTLINE_S3_ACCESS_KEY", "SIGHTLINE_S3_SECRET_KEY"),
            "sightline-tokens", Set.of("tokens.yml"),
            "sightline-tls", Set.of("tls.crt", "tls.key"));

    /** The keys Strimzi's User Operator writes into a SCRAM-SHA-512 KafkaUser's Secret. */
    static final Set<String> KAFKA_USER_SECRET_KEYS = Set.of("password", "sasl.jaas.config");

    /** The keys of the Secret with the cluster CA's certificate (<cluster>-cluster-ca-cert). */
    static final Set<String> CLUSTER_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");

    private Renders() {
    }

    /** A rendering: a kustomization directory, or an overlay with components layered on it. */
    record Target(String overlay, List<String> components) {
        Kustomize.Rendered render() {
            return Kustomize.render(overlay, components);
        }

        boolean gpu() {
            return components.contains("gpu") || overlay.endsWith("-gpu");
        }

        boolean runtimeClass() {
            return components.contains("gpu-runtime-class");
        }

        boolean serviceMonitor() {
            return components.contains("service-monitor");
        }

        boolean prod() {
            return overlay.startsWith("overlays/prod-example");
        }

        boolean dev() {
            return overlay.startsWith("overlays/dev");
        }

        boolean base() {
            return overlay.equals("base");
        }

        @Override
        public String toString() {
            return components.isEmpty() ? overlay : overlay + " + " + String.join(" + ", components);
        }
    }

    /** The shipped kustomizations that deploy the services, then every overlay with every set of components. */
    static Stream<Target> targets() {
        List<Target> all = new ArrayList<>();
        for (String shipped : List.of("base", "overlays/dev", "overlays/dev-gpu", "overlays/prod-example",
                "overlays/prod-example-gpu")) {
            all.add(new Target(shipped, List.of()));
        }
        for (String overlay : OVERLAYS) {
            for (List<String> set : Kustomize.componentSets()) {
                if (!set.isEmpty()) {
                    all.add(new Target(overlay, set));
                }
            }
        }
        return all.stream();
    }

    static Deployment deployment(Kustomize.Rendered r, String name) {
        return r.one(Deployment.class, name);
    }

    /** The container named after its service (ImagesTest checks the image matches it). */
    static Container serviceContainer(Deployment d) {
        Repo.Service s = DEPLOYMENTS.get(d.getMetadata().getName());
        assertNotNull(s, "not a Sightline Deployment: " + d.getMetadata().getName());
        return d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> s.module.equals(c.getName()))
                .findFirst().orElseThrow(() -> new AssertionError(d.getMetadata().getName() + ": no container " + s.module));
    }

    /** The pod templates of the Deployments and StatefulSets of a render. */
    static List<PodSpec> pods(Kustomize.Rendered r) {
        List<PodSpec> pods = new ArrayList<>();
        r.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
        r.all(io.fabric8.kubernetes.api.model.apps.StatefulSet.class).forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
        return pods;
    }

    static List<Container> allContainers(PodSpec pod) {
        List<Container> all = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            all.addAll(pod.getInitContainers());
        }
        return all;
    }

    static Map<String, String> configMap(Kustomize.Rendered r, String name) {
        ConfigMap cm = r.one(ConfigMap.class, name);
        return cm.getData() == null ? Map.of() : cm.getData();
    }

    /** The name of the Strimzi cluster the services use: the one in the render, else "sightline" (base). */
    static String kafkaCluster(Kustomize.Rendered r) {
        List<Kafka> kafkas = r.all(Kafka.class);
        return kafkas.isEmpty() ? "sightline" : kafkas.get(0).getMetadata().getName();
    }

    /**
     * The keys of a Secret a pod refers to, wherever it comes from: rendered (dev's generated ones), written
     * by Strimzi (a KafkaUser of the render or of kafka-users/, the cluster CA), or expected from outside.
     * Fails for a Secret that nothing provides.
     */
    static Set<String> secretKeys(Kustomize.Rendered r, String name, String what) {
        List<Secret> rendered = r.all(Secret.class).stream().filter(s -> name.equals(s.getMetadata().getName())).toList();
        if (!rendered.isEmpty()) {
            return secretValues(rendered.get(0)).keySet();
        }
        Set<String> users = new TreeSet<>();
        r.all(KafkaUser.class).forEach(u -> users.add(u.getMetadata().getName()));
        Kustomize.render("kafka-users").all(KafkaUser.class).forEach(u -> users.add(u.getMetadata().getName()));
        if (users.contains(name)) {
            return KAFKA_USER_SECRET_KEYS;
        }
        if (name.equals(kafkaCluster(r) + "-cluster-ca-cert")) {
            return CLUSTER_CA_KEYS;
        }
        Set<String> external = EXTERNAL_SECRETS.get(name);
        assertNotNull(external, what + ": the Secret " + name + " is neither rendered, nor written by Strimzi, nor one "
                + "of the external Secrets the README lists " + EXTERNAL_SECRETS.keySet());
        assertTrue(r.dir().startsWith("base") || r.dir().startsWith("overlays/prod-example"),
                what + ": " + r.dir() + " must render its own " + name + " (only base and prod take Secrets from outside)");
        return external;
    }

    static Map<String, String> secretValues(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    /** Where a variable's value comes from. */
    enum Source { LITERAL, CONFIG_MAP, SECRET, POD }

    /** A resolved variable: its value (for Secrets "secret:NAME/KEY"), and where it came from. */
    record Value(String value, Source source) {
    }

    /** A container's environment, envFrom resolved against the ConfigMaps of the render and the Secrets' keys. */
    static Map<String, Value> environment(Kustomize.Rendered r, Container c, String what) {
        Map<String, Value> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    configMap(r, from.getConfigMapRef().getName())
                            .forEach((k, v) -> env.put(prefix + k, new Value(v, Source.CONFIG_MAP)));
                } else if (from.getSecretRef() != null) {
                    String name = from.getSecretRef().getName();
                    secretKeys(r, name, what).forEach(k -> env.put(prefix + k, new Value("secret:" + name + "/" + k,
                            Source.SECRET)));
                } else {
                    fail(what + ": envFrom without configMapRef or secretRef");
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                Value value = new Value(e.getValue(), Source.LITERAL);
                if (e.getValueFrom() != null) {
                    if (e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        String v = configMap(r, ref.getName()).get(ref.getKey());
                        assertNotNull(v, what + ": " + e.getName() + " refers to missing key " + ref.getKey());
                        value = new Value(v, Source.CONFIG_MAP);
                    } else if (e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertTrue(secretKeys(r, ref.getName(), what).contains(ref.getKey()),
                                what + ": " + e.getName() + " refers to key " + ref.getKey() + " that the Secret "
                                        + ref.getName() + " does not have");
                        value = new Value("secret:" + ref.getName() + "/" + ref.getKey(), Source.SECRET);
                    } else {
                        value = new Value("(from the pod)", Source.POD);
                    }
                }
                env.put(e.getName(), value);
            }
        }
        return env;
    }

    /** The environment as plain values. */
    static Map<String, String> values(Map<String, Value> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    /** Whether a label selector selects a set of labels (matchLabels and matchExpressions). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement req : selector.getMatchExpressions()) {
                String v = labels.get(req.getKey());
                boolean ok = switch (req.getOperator()) {
                    case "In" -> v != null && req.getValues().contains(v);
                    case "NotIn" -> v == null || !req.getValues().contains(v);
                    case "Exists" -> v != null;
                    case "DoesNotExist" -> v == null;
                    default -> throw new AssertionError("unknown selector operator " + req.getOperator());
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static void assertOne(List<?> found, String what) {
        assertEquals(1, found.size(), what + ": " + found);
    }
}
