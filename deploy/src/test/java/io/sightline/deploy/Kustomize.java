package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Renders a kustomization with {@code kubectl kustomize} (kustomize v5: components, {@code labels}) and
 * parses every document as its kind: Kubernetes kinds with the fabric8 model, Strimzi's kinds with
 * Strimzi's own model (io.strimzi:api, kafka.strimzi.io/v1), KEDA's and prometheus-operator's with
 * {@link OperatorKinds}. A field the kind does not know, a required field that is missing, or a kind none
 * of these models knows fails the render; so does anything kustomize prints on stderr (deprecations).
 * kubectl comes from PATH, or from the KUBECTL environment variable.
 */
final class Kustomize {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    /** One rendered kustomization: the raw documents and their typed form, in order. */
    record Rendered(String dir, List<Map<String, Object>> raw, List<HasMetadata> objects) {
        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            List<T> found = all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
            assertEquals(1, found.size(), dir + ": expected one " + type.getSimpleName() + " named " + name);
            return found.get(0);
        }

        /** The objects of one namespace-less name and kind, e.g. one("Deployment", "trainer-head"). */
        List<HasMetadata> named(String kind, String name) {
            return objects.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
                    .toList();
        }
    }

    /** The components under k8s/components, and which of them needs another. */
    static final List<String> COMPONENTS = List.of("gpu", "gpu-runtime-class", "service-monitor");

    /**
     * Renders an overlay with components layered on it (the way a user's overlay lists them): a
     * kustomization under target/kustomize with {@code resources: [overlay]} and {@code components: [...]}.
     */
    static Rendered render(String overlay, List<String> components) {
        if (components.isEmpty()) {
            return render(overlay);
        }
        String name = overlay.replace('/', '_') + "+" + String.join("+", components);
        return CACHE.computeIfAbsent("combination " + name, key -> {
            Path dir = Repo.DEPLOY.resolve("target/kustomize").resolve(name);
            // The namespace of the overlay, as a user's overlay that lists components sets its own: the
            // components' objects (the metrics Services...) come after the overlay's namespace transformer.
            StringBuilder k = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n")
                    .append("namespace: ").append(Renders.NAMESPACE).append('\n')
                    .append("resources:\n- ").append(dir.relativize(Repo.K8S.resolve(overlay))).append("\ncomponents:\n");
            for (String component : components) {
                k.append("- ").append(dir.relativize(Repo.K8S.resolve("components").resolve(component))).append('\n');
            }
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), k.toString());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return doRender(overlay + " + " + String.join(" + ", components), dir);
        });
    }

    /**
     * Every combination of the overlays with the components: none, each subset, gpu-runtime-class only
     * together with gpu.
     */
    static List<List<String>> componentSets() {
        List<List<String>> sets = new ArrayList<>();
        for (int mask = 0; mask < 1 << COMPONENTS.size(); mask++) {
            List<String> set = new ArrayList<>();
            for (int i = 0; i < COMPONENTS.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    set.add(COMPONENTS.get(i));
                }
            }
            if (!set.contains("gpu-runtime-class") || set.contains("gpu")) {
                sets.add(List.copyOf(set));
            }
        }
        return sets;
    }

    private Kustomize() {
    }

    static Rendered render(String dirUnderK8s) {
        return CACHE.computeIfAbsent(dirUnderK8s, d -> doRender(d, Repo.K8S.resolve(d)));
    }

    static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return Path.of(dir, "kubectl").toString();
            }
        }
        fail("kubectl is needed to render the kustomizations (kubectl kustomize) and is not on PATH. "
                + "On Debian 12: apt-get install -y kubernetes-client; or set KUBECTL to a kubectl binary.");
        return null;
    }

    private static Rendered doRender(String dirUnderK8s, Path dir) {
        assertTrue(Files.isRegularFile(dir.resolve("kustomization.yaml")), "no kustomization.yaml in " + dir);
        String yaml;
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process p = new ProcessBuilder(kubectl(), "kustomize", dir.toString())
                    .redirectError(err.toFile())
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("kubectl kustomize " + dir + " did not finish in 120 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                fail("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n" + stderr);
            }
            // Deprecated fields (bases, patchesStrategicMerge, commonLabels...) and other warnings land here.
            assertTrue(stderr.isBlank(), "kubectl kustomize " + dir + " warned:\n" + stderr);
            yaml = new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        List<Map<String, Object>> raw = new ArrayList<>();
        List<HasMetadata> objects = new ArrayList<>();
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object doc : parser.loadAll(yaml)) {
            if (doc == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) doc;
            raw.add(map);
            objects.add(typed(dirUnderK8s, map));
        }
        assertTrue(!objects.isEmpty(), dirUnderK8s + " rendered no document");
        return new Rendered(dirUnderK8s, raw, objects);
    }

    /** Parses one document as its kind, and fails on any field the kind does not have. */
    static HasMetadata typed(String where, Map<String, Object> map) {
        String what = where + ": " + map.get("apiVersion") + " " + map.get("kind") + " " + name(map);
        String apiVersion = String.valueOf(map.get("apiVersion"));
        String kind = String.valueOf(map.get("kind"));
        Class<? extends HasMetadata> custom = StrimziKinds.classOf(apiVersion, kind);
        if (custom == null) {
            custom = OperatorKinds.classOf(apiVersion, kind);
        }
        HasMetadata object;
        try {
            object = custom != null ? MAPPER.convertValue(map, custom) : asKubernetes(map, what);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(what + " does not parse as its kind: " + e.getMessage(), e);
        }
        assertTrue(!(object instanceof GenericKubernetesResource), what + ": a kind that no model here knows; "
                + "custom resources must be Strimzi's (kafka.strimzi.io/v1), KEDA's or prometheus-operator's");
        if (custom == null || custom.getName().startsWith("io.sightline.")) {
            assertEquals(apiVersion, object.getApiVersion(), what + ": apiVersion");
        }
        List<String> problems = new ArrayList<>();
        unknownFields(object, object.getKind(), problems, new IdentityHashMap<>());
        assertTrue(problems.isEmpty(), what + " has fields its kind does not know, or lacks required ones: " + problems);
        return object;
    }

    private static HasMetadata asKubernetes(Map<String, Object> map, String what) {
        KubernetesResource resource = MAPPER.convertValue(map, KubernetesResource.class);
        assertTrue(resource instanceof HasMetadata, what + " is not a Kubernetes object");
        return (HasMetadata) resource;
    }

    private static String name(Map<String, Object> map) {
        Object metadata = map.get("metadata");
        return metadata instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "(no metadata)";
    }

    /**
     * Walks a model object: anything that landed in additionalProperties (fabric8's and Strimzi's models keep
     * unknown fields there) is a misspelt or misplaced field; a Strimzi getter marked
     * {@code @JsonProperty(required = true)} that returns null is a missing required field (Jackson checks
     * required fields only for creator properties, such as those of {@link OperatorKinds}' records).
     */
    private static void unknownFields(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        String type = o.getClass().getName();
        if (o.getClass().isRecord() && type.startsWith("io.sightline.deploy.")) {
            for (var component : o.getClass().getRecordComponents()) {
                try {
                    unknownFields(component.getAccessor().invoke(o), path + "." + component.getName(), unknown, seen);
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return;
        }
        if (!type.startsWith("io.fabric8.kubernetes.api.model") && !type.startsWith("io.strimzi.api.")
                && !type.startsWith("io.sightline.deploy.")) {
            return;
        }
        if (type.startsWith("io.strimzi.api.")) {
            requiredFields(o, path, unknown);
        }
        if (type.startsWith("io.sightline.deploy.")) {
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    JsonProperty p = f.getAnnotation(JsonProperty.class);
                    try {
                        f.setAccessible(true);
                        if (p != null && p.required() && f.get(o) == null) {
                            unknown.add(path + "." + f.getName() + " (required)");
                        }
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        try {
            Method get = o.getClass().getMethod("getAdditionalProperties");
            Object extra = get.invoke(o);
            if (extra instanceof Map<?, ?> m && !m.isEmpty()) {
                for (Object key : m.keySet()) {
                    unknown.add(path + "." + key);
                }
            }
        } catch (NoSuchMethodException e) {
            // a model class without additionalProperties
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("additionalProperties")) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    unknownFields(f.get(o), path + "." + f.getName(), unknown, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // inaccessible field: nothing to check
                }
            }
        }
    }

    /**
     * Strimzi's v1 schema on one model object: its type and every property set must exist in v1 (not
     * deprecated, not only in older versions), and every property v1 requires must be set.
     */
    private static void requiredFields(Object o, String path, List<String> problems) {
        StrimziSchema.Annotations type = StrimziSchema.of(o.getClass());
        if (type.presentIn() != null && !StrimziSchema.inV1(type.presentIn()) || type.deprecatedType()) {
            problems.add(path + " (" + o.getClass().getSimpleName() + ": not in Strimzi's v1 API)");
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getDeclaringClass().getName().startsWith("io.strimzi.api.")) {
                continue;
            }
            StrimziSchema.Annotations declared = StrimziSchema.of(m.getDeclaringClass());
            String presentIn = declared.presentInByGetter().get(m.getName());
            boolean notInV1 = presentIn != null && !StrimziSchema.inV1(presentIn)
                    || declared.deprecatedGetters().containsKey(m.getName());
            String requiredIn = declared.requiredInByGetter().get(m.getName());
            JsonProperty p = m.getAnnotation(JsonProperty.class);
            boolean required = p != null && p.required() || requiredIn != null && StrimziSchema.inV1(requiredIn);
            if (!notInV1 && !required) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
            if (notInV1 && value != null) {
                problems.add(path + "." + m.getName() + " (not in Strimzi's v1 API, or deprecated)");
            } else if (required && !notInV1 && value == null) {
                problems.add(path + "." + m.getName() + " (required)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        assertTrue(o instanceof Map, what + " is not a map: " + o);
        return (Map<String, Object>) o;
    }

    static Map<String, Object> copy(Map<String, Object> m) {
        return new LinkedHashMap<>(m);
    }
}
