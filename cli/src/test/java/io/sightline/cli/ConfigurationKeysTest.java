package io.sightline.cli;

import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinitionReference;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform's {@code application.yml} documents every configuration key with its default (docs/interfaces.md,
 * "Configuration"), and the code agrees with it: every key a {@code @ConfigurationProperties} bean of ours binds
 * (found through Micronaut's bean definitions on this module's classpath, which holds every service) is there
 * with the bean's {@code @Bindable} default; every {@code sightline.*} key there is bound by a bean or read by
 * name in the code, with the same fallback; and docs/inference.md's table lists exactly the inference keys.
 */
class ConfigurationKeysTest {
    private static final Path ROOT = Path.of("..");
    private static final Path APPLICATION_YML = ROOT.resolve("platform/src/main/resources/application.yml");
    private static final Path INFERENCE_DOC = ROOT.resolve("docs/inference.md");
    private static final String OURS = "sightline.";
    /** {@code ${key}} or {@code ${key:fallback}} in a string of the code (an annotation's value). */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(" + Pattern.quote(OURS) + "[a-z0-9.-]+)(?::([^}\"]*))?}");
    private static final Pattern TABLE_KEY = Pattern.compile("`([a-z0-9.-]+)`");

    /** A key bound by a bean: its bean, and its default ({@code null}: none). */
    private record Bound(String bean, String defaultValue) {
    }

    private static Map<String, Bound> bound;
    private static Map<String, Object> documented;
    private static String documentedText;
    private static String mainSources;

    @BeforeAll
    static void read() throws IOException {
        bound = boundKeys();
        documentedText = Files.readString(APPLICATION_YML);
        documented = new TreeMap<>();
        leaves("", new Yaml(new SafeConstructor(new LoaderOptions())).load(documentedText), documented);
        mainSources = mainSources();
    }

    @Test
    void theBeansOfEveryServiceAreFound() {
        Set<String> beans = bound.values().stream().map(Bound::bean).collect(Collectors.toSet());
        for (String bean : List.of("S3Config", "KafkaTopicsConfig", "TokenEntry", "IngestConfig", "TrainerConfig",
                "InferenceConfig", "PlanConfig", "ReviewConfig")) {
            assertTrue(beans.contains(bean), bean + " not found among " + beans);
        }
    }

    @Test
    void everyBoundKeyIsDocumentedWithItsDefault() {
        List<String> problems = new ArrayList<>();
        bound.forEach((key, b) -> {
            if (!documented.containsKey(key)) {
                if (b.defaultValue() != null || !commentedExample(key)) {
                    problems.add(key + " (" + b.bean() + ", default '" + b.defaultValue() + "') is not in application.yml");
                }
            } else if (!sameValue(b.defaultValue(), documented.get(key))) {
                problems.add(key + ": application.yml says '" + documented.get(key) + "', " + b.bean()
                        + " defaults to '" + b.defaultValue() + "'");
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyDocumentedKeyIsReadByTheCodeWithTheSameFallback() {
        List<String> problems = new ArrayList<>();
        documented.keySet().stream().filter(key -> key.startsWith(OURS)).forEach(key -> {
            if (!bound.containsKey(key) && !mainSources.contains("\"" + key + "\"") && !mainSources.contains("${" + key)) {
                problems.add(key + " is in application.yml, but no bean binds it and no code reads it");
            }
        });
        Matcher placeholder = PLACEHOLDER.matcher(mainSources);
        while (placeholder.find()) {
            String key = placeholder.group(1);
            String fallback = placeholder.group(2);
            Object value = documented.get(key);
            if (!documented.containsKey(key)) {
                problems.add("${" + key + "} is read by the code but is not in application.yml");
            } else if (fallback != null && !String.valueOf(value).contains("${") && !sameValue(fallback, value)) {
                problems.add("${" + key + ":" + fallback + "}: application.yml says '" + value + "'");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        Map<String, String> byVariable = new TreeMap<>();
        Set<String> keys = new TreeSet<>(documented.keySet());
        keys.addAll(bound.keySet());
        for (String key : keys) {
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            String other = byVariable.put(variable, key);
            assertTrue(other == null, key + " and " + other + " would both be set by " + variable);
        }
    }

    @Test
    void theInferenceTableListsExactlyTheInferenceKeys() throws IOException {
        String doc = Files.readString(INFERENCE_DOC);
        int start = doc.indexOf("## Configuration (`sightline.inference.*`");
        assertTrue(start >= 0, "docs/inference.md has no Configuration section");
        int end = doc.indexOf("\n## ", start + 1);
        Set<String> rows = new TreeSet<>();
        for (String line : doc.substring(start, end < 0 ? doc.length() : end).split("\n")) {
            String[] cells = line.split("\\|");
            if (line.startsWith("| `") && cells.length > 1) {
                Matcher key = TABLE_KEY.matcher(cells[1]);
                while (key.find()) {
                    rows.add(key.group(1));
                }
            }
        }
        String prefix = OURS + "inference.";
        Set<String> keys = bound.keySet().stream().filter(key -> key.startsWith(prefix))
                .map(key -> key.substring(prefix.length())).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(keys, rows, "docs/inference.md's Configuration table (right) vs the keys of the code (left)");
    }

    /** Every key of our @ConfigurationProperties / @EachProperty beans, from Micronaut's compiled bean definitions. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, Bound> boundKeys() {
        Map<String, Bound> keys = new TreeMap<>();
        List<BeanDefinitionReference> references = SoftServiceLoader.load(BeanDefinitionReference.class).collectAll();
        for (BeanDefinitionReference<?> reference : references) {
            Class<?> type = reference.isPresent() ? reference.getBeanType() : null;
            if (type == null || !reference.isConfigurationProperties() || !type.getName().startsWith("io.sightline.")) {
                continue;
            }
            AnnotationMetadata metadata = reference.getAnnotationMetadata();
            String prefix = metadata.stringValue(ConfigurationReader.class, ConfigurationReader.PREFIX).orElseThrow();
            if (metadata.hasStereotype(EachProperty.class)) {
                // a list or map of entries: the key itself is documented (its entries' fields are the bean's)
                keys.put(prefix.replaceAll("(\\[\\*]|\\.\\*)$", ""), new Bound(type.getSimpleName(), null));
                continue;
            }
            assertTrue(type.isRecord(), type + ": configuration beans are records, bound by their constructor");
            for (Argument<?> argument : reference.load().getConstructor().getArguments()) {
                keys.put(prefix + "." + NameUtils.hyphenate(argument.getName()), new Bound(type.getSimpleName(),
                        argument.getAnnotationMetadata().stringValue(Bindable.class, "defaultValue").orElse(null)));
            }
        }
        return keys;
    }

    private static void leaves(String path, Object node, Map<String, Object> out) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> leaves(path.isEmpty() ? String.valueOf(key) : path + "." + key, value, out));
        } else {
            out.put(path, node);
        }
    }

    /** A key without a default may be documented as a commented-out example line, {@code # batch-sizes: 1,4,8,16}. */
    private static boolean commentedExample(String key) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        return Pattern.compile("(?m)^\\s*#\\s*" + Pattern.quote(leaf) + ":").matcher(documentedText).find();
    }

    /** The code's default (a string, or null for none) against application.yml's value (scalar or list). */
    private static boolean sameValue(String inCode, Object inYaml) {
        String yaml = inYaml instanceof List<?> list
                ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : inYaml == null ? "" : String.valueOf(inYaml);
        String code = inCode == null ? "" : inCode;
        try {
            return new BigDecimal(code).compareTo(new BigDecimal(yaml)) == 0;
        } catch (NumberFormatException notNumbers) {
            return code.equals(yaml);
        }
    }

    /** The Java sources of every module's main code ({@code <module>/src/main/java}), in one string. */
    private static String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        List<Path> roots;
        try (Stream<Path> modules = Files.list(ROOT)) {
            roots = modules.map(module -> module.resolve("src/main/java")).filter(Files::isDirectory).toList();
        }
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(file)).append('\n');
                }
            }
        }
        assertTrue(roots.size() > 5, "module sources under " + ROOT.toAbsolutePath() + ": " + roots);
        return all.toString();
    }
}
