package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Paths of the repository, seen from the deploy module (Maven runs tests in the module directory). */
final class Repo {
    static final Path DEPLOY = Path.of("").toAbsolutePath();
    static final Path ROOT = DEPLOY.getParent();
    static final Path K8S = DEPLOY.resolve("k8s");
    static final Path DOCKER = DEPLOY.resolve("docker");
    static final Path README = DEPLOY.resolve("README.md");
    static final Path APPLICATION_YML = DEPLOY.resolve("../platform/src/main/resources/application.yml").normalize();

    /** The Sightline services, each with the main class its image runs. */
    enum Service {
        INGEST("ingest-service", "io.sightline.ingest.IngestApplication"),
        TRAINER("trainer-service", "io.sightline.trainer.TrainerApplication"),
        INFERENCE("inference-service", "io.sightline.inference.InferenceApplication");

        final String module;
        final String mainClass;

        Service(String module, String mainClass) {
            this.module = module;
            this.mainClass = mainClass;
        }

        static Service byModule(String module) {
            for (Service s : values()) {
                if (s.module.equals(module)) {
                    return s;
                }
            }
            return null;
        }
    }

    private Repo() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The project version of the root pom (the images are tagged with it). */
    static String projectVersion() {
        String pom = read(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>sightline-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        if (!m.find()) {
            fail("no <version> after <artifactId>sightline-parent</artifactId> in the root pom.xml");
        }
        return m.group(1).trim();
    }

    /** The modules of the root pom, in order. */
    static java.util.List<String> modules() {
        String pom = read(ROOT.resolve("pom.xml"));
        String block = pom.substring(pom.indexOf("<modules>"), pom.indexOf("</modules>"));
        java.util.List<String> modules = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(block);
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /** A property of the root pom. */
    static String pomProperty(String name) {
        String pom = read(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        if (!m.find()) {
            fail("no property <" + name + "> in the root pom.xml");
        }
        return m.group(1).trim();
    }
}
