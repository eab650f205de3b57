package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
 * Renders a kustomization with {@code kubectl kustomize} and parses every document as its Kubernetes
 * kind (fabric8 kubernetes-model); custom resources (Strimzi, KEDA) become GenericKubernetesResource.
 * kubectl comes from PATH, or from the KUBECTL environment variable. On Debian 12 it is in the package
 * kubernetes-client (kubectl 1.20, kustomize v2), which is why the kustomizations use only fields
 * that kustomize v2 and v5 both read.
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

        List<GenericKubernetesResource> custom(String apiVersion, String kind) {
            return all(GenericKubernetesResource.class).stream()
                    .filter(r -> kind.equals(r.getKind()) && apiVersion.equals(r.getApiVersion())).toList();
        }
    }

    private Kustomize() {
    }

    static Rendered render(String dirUnderK8s) {
        return CACHE.computeIfAbsent(dirUnderK8s, Kustomize::doRender);
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

    private static Rendered doRender(String dirUnderK8s) {
        Path dir = Repo.K8S.resolve(dirUnderK8s);
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
        String what = where + ": " + map.get("kind") + " " + name(map);
        KubernetesResource resource;
        try {
            resource = MAPPER.convertValue(map, KubernetesResource.class);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(what + " does not parse as its kind: " + e.getMessage(), e);
        }
        assertTrue(resource instanceof HasMetadata, what + " is not a Kubernetes object");
        HasMetadata object = (HasMetadata) resource;
        if (!(object instanceof GenericKubernetesResource)) {
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind(), unknown, new IdentityHashMap<>());
            assertTrue(unknown.isEmpty(), what + " has fields its kind does not know: " + unknown);
        }
        return object;
    }

    private static String name(Map<String, Object> map) {
        Object metadata = map.get("metadata");
        return metadata instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : "(no metadata)";
    }

    /** Walks a fabric8 model object: anything that landed in additionalProperties is a misspelt or misplaced field. */
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
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
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

    /** The custom resource's spec as nested maps. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        Object spec = r.getAdditionalProperties().get("spec");
        assertTrue(spec instanceof Map, r.getKind() + " " + r.getMetadata().getName() + " has no spec");
        return (Map<String, Object>) spec;
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
