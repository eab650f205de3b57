package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The configuration keys of platform/src/main/resources/application.yml, read from the repository at
 * test time, and Micronaut's environment-variable mapping onto them.
 */
final class AppConfig {
    /**
     * Subtrees whose keys are open-ended maps: micronaut-kafka hands every {@code kafka.*} property to
     * the Kafka clients, so KAFKA_SECURITY_PROTOCOL and the like are valid without being listed.
     */
    static final List<String> OPEN_PREFIXES = List.of("kafka");

    /** Every path in the file (interior and leaf), with its value (a Map for interior nodes). */
    final Map<String, Object> paths;

    private AppConfig(Map<String, Object> paths) {
        this.paths = paths;
    }

    static AppConfig load() {
        Path file = Repo.APPLICATION_YML;
        assertTrue(Files.isRegularFile(file), "no " + file);
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Repo.read(file));
        Map<String, Object> paths = new TreeMap<>();
        flatten("", root, paths);
        return new AppConfig(paths);
    }

    private static void flatten(String prefix, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // a key may itself be dotted ("micronaut.metrics:"): same tree as nested keys
                String path = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
                String[] parts = path.split("\\.");
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    sb.append(i == 0 ? "" : ".").append(parts[i]);
                    out.putIfAbsent(sb.toString(), new LinkedHashMap<>());
                }
                out.put(path, e.getValue());
                flatten(path, e.getValue(), out);
            }
        }
    }

    /** Micronaut's environment variable name for a property: upper-case, '.' and '-' become '_'. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The key of application.yml an environment variable sets, if any. */
    Optional<String> keyFor(String env) {
        for (String key : paths.keySet()) {
            if (envName(key).equals(env)) {
                return Optional.of(key);
            }
        }
        for (String prefix : OPEN_PREFIXES) {
            if (env.startsWith(envName(prefix) + "_") && paths.containsKey(prefix)) {
                return Optional.of(prefix + ".*");
            }
        }
        return Optional.empty();
    }

    String string(String key) {
        Object v = paths.get(key);
        assertTrue(v != null && !(v instanceof Map), "application.yml has no value for " + key);
        return String.valueOf(v);
    }

    boolean has(String key) {
        return paths.containsKey(key);
    }

    /**
     * Keys that a {@code @ConfigurationProperties} record of some module binds, with its prefix
     * (component names in kebab case). The project's rule is that application.yml lists them all;
     * these are reported when application.yml lacks one, so a key added in code first is visible.
     */
    static Map<String, String> declaredInCode() {
        Map<String, String> keys = new TreeMap<>();
        Pattern record = Pattern.compile(
                "@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s*public\\s+record\\s+(\\w+)\\s*\\((.*?)\\)\\s*(implements[^{]*)?\\{",
                Pattern.DOTALL);
        try (Stream<Path> files = Files.walk(Repo.ROOT, 12)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
                    .toList()) {
                String src = Repo.read(f);
                Matcher m = record.matcher(src);
                while (m.find()) {
                    for (String component : components(m.group(3))) {
                        keys.put(m.group(1) + "." + kebab(component), m.group(2));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    private static List<String> components(String params) {
        String noAnnotations = params.replaceAll("@[\\w.]+(\\((?:[^()]|\\([^()]*\\))*\\))?", " ");
        List<String> names = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : noAnnotations.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                names.add(lastWord(current.toString()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            names.add(lastWord(current.toString()));
        }
        return names;
    }

    private static String lastWord(String s) {
        String[] words = s.trim().split("\\s+");
        return words[words.length - 1];
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
