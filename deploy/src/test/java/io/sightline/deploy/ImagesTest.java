package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dockerfiles linted with the rules that matter (hadolint is not packaged for Debian), images and tags
 * consistent between Dockerfiles, Deployments and overlays, and the README showing the exact build
 * commands the Dockerfiles run.
 */
class ImagesTest {
    static final String VERSION = Repo.projectVersion();
    static final String CUDA_SUFFIX = "-cuda";
    static final Pattern MVNW = Pattern.compile("(\\./mvnw [^\\n]*)");
    static final Pattern DOCKER_BUILD = Pattern.compile("(docker build -f deploy/docker/\\S+ -t \\S+ \\.)");

    /** One Dockerfile: its name, logical lines (continuations joined) and the instructions of its last stage. */
    record Dockerfile(String fileName, String module, boolean cuda, String text, List<String> lines, List<String> last) {
        static Dockerfile read(Path p) {
            String name = p.getFileName().toString();
            String base = name.substring(0, name.length() - ".Dockerfile".length());
            boolean cuda = base.endsWith(CUDA_SUFFIX);
            String module = cuda ? base.substring(0, base.length() - CUDA_SUFFIX.length()) : base;
            String text = Repo.read(p);
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (line.startsWith("#") && current.length() == 0) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                current.append(line);
                if (!current.toString().isBlank()) {
                    lines.add(current.toString().strip());
                }
                current.setLength(0);
            }
            int lastFrom = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("FROM ")) {
                    lastFrom = i;
                }
            }
            return new Dockerfile(name, module, cuda, text, lines, lines.subList(lastFrom, lines.size()));
        }

        List<String> instructions(List<String> in, String keyword) {
            return in.stream().filter(l -> l.startsWith(keyword + " ")).toList();
        }

        String tag() {
            return cuda ? VERSION + CUDA_SUFFIX : VERSION;
        }

        String image() {
            return "sightline/" + module + ":" + tag();
        }

        /** The build command: the same ./mvnw line twice, on the poms alone, then with the sources. */
        String mvnw() {
            List<String> runs = instructions(lines, "RUN").stream().filter(l -> l.contains("./mvnw")).toList();
            assertEquals(2, runs.size(), fileName + ": two RUNs build with ./mvnw (dependencies, then the code)");
            assertEquals(runs.get(0), runs.get(1), fileName + ": the dependency layer runs the very build that follows");
            Matcher m = MVNW.matcher(runs.get(0));
            assertTrue(m.find(), fileName);
            return m.group(1).strip();
        }
    }

    static List<Dockerfile> dockerfiles() {
        try (Stream<Path> files = Files.list(Repo.DOCKER)) {
            List<Dockerfile> all = files.filter(p -> p.getFileName().toString().endsWith(".Dockerfile")).sorted()
                    .map(Dockerfile::read).toList();
            assertFalse(all.isEmpty(), "no Dockerfiles in " + Repo.DOCKER);
            return all;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyServiceHasACpuImageAndTheModelServicesACudaImage() {
        Set<String> names = new TreeSet<>();
        dockerfiles().forEach(d -> names.add(d.fileName()));
        assertEquals(Set.of("ingest-service.Dockerfile", "trainer-service.Dockerfile", "inference-service.Dockerfile",
                "trainer-service-cuda.Dockerfile", "inference-service-cuda.Dockerfile"), names);
    }

    @Test
    void dockerfilesFollowTheRulesThatMatter() {
        int port = Integer.parseInt(AppConfig.load().string("micronaut.server.port"));
        int management = Integer.parseInt(AppConfig.load().string("endpoints.all.port"));
        for (Dockerfile d : dockerfiles()) {
            String f = d.fileName();
            Repo.Service service = Repo.Service.byModule(d.module());
            assertNotNull(service, f + ": not a Sightline service");
            // pinned base images, never latest
            for (String from : d.instructions(d.lines(), "FROM")) {
                String image = from.split("\\s+")[1];
                if (image.startsWith("--platform")) {
                    image = from.split("\\s+")[2];
                }
                assertTrue(image.contains(":") || image.contains("@sha256:"), f + ": unpinned base image " + image);
                String tag = image.substring(image.lastIndexOf(':') + 1);
                assertFalse(tag.equals("latest") || !tag.matches(".*\\d.*"), f + ": base image tag is not a version: " + image);
            }
            assertFalse(d.text().contains(":latest"), f + ": no :latest anywhere");
            for (String run : d.instructions(d.lines(), "RUN")) {
                assertFalse(run.matches(".*\\bsudo\\b.*"), f + ": no sudo");
                if (run.contains("apt-get install")) {
                    assertTrue(run.contains("--no-install-recommends"), f + ": apt-get install --no-install-recommends");
                    assertTrue(run.contains("rm -rf /var/lib/apt/lists"), f + ": clean the apt lists in the same layer");
                }
            }
            for (String add : d.instructions(d.lines(), "ADD")) {
                assertFalse(add.contains("http://") || add.contains("https://"), f + ": ADD of a URL");
            }
            // the runtime stage: non-root, health check, port, container-aware JVM, exec-form entrypoint
            List<String> users = d.instructions(d.last(), "USER");
            assertEquals(1, users.size(), f + ": the runtime stage sets USER once");
            String user = users.get(0).substring(5).strip().split(":")[0];
            assertFalse(user.equals("root") || user.equals("0"), f + ": runs as root");
            assertTrue(user.matches("\\d+"), f + ": numeric USER, so runAsNonRoot can verify it");
            int userLine = d.last().indexOf(users.get(0));
            for (int i = userLine + 1; i < d.last().size(); i++) {
                assertFalse(d.last().get(i).startsWith("RUN "), f + ": RUN after USER would run as the app user: "
                        + d.last().get(i));
            }
            List<String> health = d.instructions(d.last(), "HEALTHCHECK");
            assertEquals(1, health.size(), f + ": one HEALTHCHECK");
            // the port comes from the environment when set (ENDPOINTS_ALL_PORT), else application.yml's default
            String healthPort = "${ENDPOINTS_ALL_PORT:-" + management + "}";
            assertTrue(health.get(0).contains("GET /health ") && health.get(0).contains("/" + healthPort),
                    f + ": HEALTHCHECK asks GET /health on the management port " + healthPort + ": " + health.get(0));
            assertTrue(health.get(0).contains("' 200 '"), f + ": HEALTHCHECK wants HTTP 200");
            assertEquals(List.of("EXPOSE " + port + " " + management), d.instructions(d.last(), "EXPOSE"),
                    f + ": EXPOSE the web and management ports");
            String env = String.join("\n", d.instructions(d.last(), "ENV"));
            assertTrue(env.contains("-XX:MaxRAMPercentage=") && env.contains("-XX:+ExitOnOutOfMemoryError"),
                    f + ": container-aware heap (MaxRAMPercentage) and exit on OOM");
            assertFalse(env.contains("-Xmx"), f + ": a fixed -Xmx ignores the container's memory limit");
            List<String> entry = d.instructions(d.last(), "ENTRYPOINT");
            assertEquals(1, entry.size(), f);
            assertTrue(entry.get(0).substring(11).strip().startsWith("["), f + ": exec-form ENTRYPOINT (signals reach java)");
            String jar = "/app/" + d.module() + ".jar";
            assertTrue(entry.get(0).contains("\"" + jar + ":/app/modules/*:/app/lib/*\""),
                    f + ": classpath " + jar + ":/app/modules/*:/app/lib/*");
            assertTrue(entry.get(0).contains("\"" + service.mainClass + "\""), f + ": main class " + service.mainClass);
            Path source = Repo.ROOT.resolve(d.module()).resolve("src/main/java")
                    .resolve(service.mainClass.replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), f + ": main class " + service.mainClass + " not found at " + source);
            // layers: third-party jars, Sightline's modules, the service, in that order (least to most often changed)
            List<String> copies = d.instructions(d.last(), "COPY").stream().filter(c -> c.contains("--from=build")).toList();
            assertEquals(3, copies.size(), f + ": three layers from the build stage: " + copies);
            assertTrue(copies.get(0).endsWith(" /layers/lib/ /app/lib/"), f + ": third-party jars first: " + copies.get(0));
            assertTrue(copies.get(1).endsWith(" /layers/modules/ /app/modules/"), f + ": then Sightline's modules");
            assertTrue(copies.get(2).endsWith(" /layers/" + d.module() + ".jar " + jar), f + ": then the service jar");
            String split = String.join("\n", d.instructions(d.lines(), "RUN"));
            assertTrue(split.contains(d.module() + "/target/" + d.module() + "-" + VERSION + ".jar /layers/" + d.module() + ".jar"),
                    f + ": the service jar of the project version");
            assertTrue(split.contains("*-" + VERSION + ".jar) cp \"$jar\" /layers/modules/"),
                    f + ": the project's own modules (version " + VERSION + ") apart from the third-party jars");
            // the build stage: poms, the dependency layer, then the sources; never the whole tree at once
            List<String> stages = d.lines().subList(0, d.lines().indexOf(d.last().get(0)));
            assertFalse(stages.stream().anyMatch(l -> l.matches("COPY (--\\S+ )*\\. \\.?.*")), f + ": never COPY . . (any change "
                    + "would download every dependency again)");
            int firstMvnw = indexOf(stages, "RUN ./mvnw");
            int lastMvnw = stages.size() - 1 - indexOf(reversed(stages), "RUN ./mvnw");
            for (String module : Repo.modules()) {
                int pom = stages.indexOf("COPY " + module + "/pom.xml " + module + "/");
                assertTrue(pom >= 0 && pom < firstMvnw, f + ": copies " + module + "/pom.xml before the dependency layer");
            }
            List<String> sourceCopies = stages.stream().filter(l -> l.startsWith("COPY ") && l.contains("/src ")).toList();
            assertFalse(sourceCopies.isEmpty(), f + ": copies the sources");
            for (String copy : sourceCopies) {
                int at = stages.indexOf(copy);
                assertTrue(at > firstMvnw && at < lastMvnw, f + ": sources after the dependency layer: " + copy);
            }
            // the build: one reactor build of this module, CPU ONNX Runtime for CPU images
            String mvnw = d.mvnw();
            assertTrue(mvnw.contains(" -pl " + d.module() + " -am "), f + ": builds " + d.module() + " with -am");
            assertTrue(mvnw.contains(" package ") && mvnw.contains("dependency:copy-dependencies")
                    && mvnw.contains("-DincludeScope=runtime"), f + ": package + copy-dependencies (runtime scope)");
            assertFalse(mvnw.contains("install"), f + ": never install");
            assertEquals(!d.cuda(), mvnw.contains(" -Pcpu "), f + ": -Pcpu exactly for the CPU images");
            // the version label and the build line in the header agree with the tag
            assertTrue(d.text().contains("org.opencontainers.image.version=\"" + d.tag() + "\""), f + ": version label");
            Matcher build = DOCKER_BUILD.matcher(d.text());
            assertTrue(build.find(), f + ": the header shows its docker build command");
            assertEquals("docker build -f deploy/docker/" + f + " -t " + d.image() + " .", build.group(1), f);
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }

    private static List<String> reversed(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void theCudaImagesMatchWhatOnnxRuntimeNeeds() {
        // ORT 1.19 and later GPU builds need CUDA 12.x and cuDNN 9.x (onnxruntime.ai, CUDA Execution
        // Provider, Requirements). Another ORT release: check that table again, then update this test.
        String ort = Repo.pomProperty("onnxruntime.version");
        assertTrue(ort.startsWith("1.23."), "onnxruntime.version is " + ort + ": re-check the CUDA/cuDNN base image");
        assertEquals("onnxruntime_gpu", Repo.pomProperty("ort.artifact"), "the default build is the GPU artifact");
        for (Dockerfile d : dockerfiles()) {
            String from = d.last().get(0);
            if (d.cuda()) {
                assertTrue(from.matches("FROM nvidia/cuda:12\\.\\d+\\.\\d+-cudnn9?-runtime-ubuntu\\d\\d\\.\\d\\d"),
                        d.fileName() + ": CUDA 12.x + cuDNN 9 runtime base, not " + from);
                assertTrue(d.text().contains("COPY --from=jre /opt/java/openjdk /opt/java/openjdk"), d.fileName() + ": JRE");
            } else {
                assertTrue(from.startsWith("FROM eclipse-temurin:17"), d.fileName() + ": Java 17 JRE base, not " + from);
            }
        }
    }

    /**
     * Development renders run the images the Dockerfiles build, by tag (kind load / minikube image load, pulled
     * IfNotPresent); production renders run them from a registry pinned by digest (immutable), every one. The
     * GPU component names the CUDA images after the overlay it layers on pinned the others: layered from
     * outside on prod-example, those are left for the overlay that lists the component to pin (as
     * prod-example-gpu does, where they are pinned like every other).
     */
    @Test
    void imagesInEveryRenderAreBuiltByTheDockerfilesAndProductionPinsThemByDigest() {
        Set<String> built = new TreeSet<>();
        dockerfiles().forEach(d -> built.add(d.image()));
        Set<String> used = new TreeSet<>();
        Pattern digest = Pattern.compile("[a-z0-9.-]+(:\\d+)?/[a-z0-9./_-]+@sha256:[0-9a-f]{64}");
        Renders.targets().forEach(t -> {
            Kustomize.Rendered r = t.render();
            for (PodSpec pod : Renders.pods(r)) {
                for (Container c : Renders.allContainers(pod)) {
                    String image = c.getImage();
                    assertFalse(image.endsWith(":latest") || !(image.contains(":") || image.contains("@")),
                            t + ": unpinned image " + image);
                    boolean cudaToPin = t.prod() && !t.components().isEmpty() && image.startsWith("sightline/")
                            && image.endsWith(CUDA_SUFFIX);
                    if (t.prod() && !cudaToPin) {
                        assertTrue(digest.matcher(image).matches(), t + ": pinned by digest in a registry, not " + image);
                        if (Repo.Service.byModule(c.getName()) != null) {
                            assertTrue(image.contains("/sightline/" + c.getName() + "@"), t + ": " + c.getName()
                                    + " runs its own image from the registry, not " + image);
                        }
                    } else if (image.startsWith("sightline/")) {
                        assertTrue(built.contains(image), t + ": " + image + " is built by no Dockerfile " + built);
                        assertEquals(image.substring("sightline/".length(), image.indexOf(':')), c.getName(),
                                t + ": the container is named after its service");
                        assertEquals("IfNotPresent", c.getImagePullPolicy(), t + ": images loaded into the node");
                        used.add(image);
                    }
                }
            }
        });
        assertEquals(built, used, "every image the Dockerfiles build is deployed by some render");
    }

    @Test
    void theReadmeDocumentsTheExactBuildCommands() {
        String readme = Repo.read(Repo.README);
        for (Dockerfile d : dockerfiles()) {
            assertTrue(readme.contains(d.mvnw()), "deploy/README.md lacks the build command of " + d.fileName()
                    + ":\n  " + d.mvnw());
            String build = "docker build -f deploy/docker/" + d.fileName() + " -t " + d.image() + " .";
            assertTrue(readme.contains(build), "deploy/README.md lacks: " + build);
        }
        for (String step : List.of("kind create cluster", "kubectl apply -k deploy/k8s/overlays/dev",
                "deploy/k8s/overlays/dev-gpu", "deploy/k8s/overlays/prod-example", "deploy/k8s/components/gpu",
                "deploy/k8s/kafka-topics", "deploy/k8s/kafka-users", "./sightline ingest", "./sightline classify",
                "--server http://localhost:8080", "port-forward", "strimzi-kafka-operator --version " + Repo.pomProperty("strimzi.version"),
                "keda", "sightline-tokens", "sightline-s3", "ENDPOINTS_ALL_PORT")) {
            assertTrue(readme.toLowerCase().contains(step.toLowerCase()), "deploy/README.md lacks: " + step);
        }
    }
}
