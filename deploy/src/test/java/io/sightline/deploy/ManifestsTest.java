package io.sightline.deploy;

import static io.sightline.deploy.Renders.DEPLOYMENTS;
import static io.sightline.deploy.Renders.deployment;
import static io.sightline.deploy.Renders.environment;
import static io.sightline.deploy.Renders.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sightline.onnx.DownloadSource;
import io.sightline.runtime.S3Config;
import io.sightline.security.Roles;
import io.sightline.security.TokenTable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every shipped kustomization and every overlay with every set of components, rendered and checked
 * against the code: one set of Deployments, probes on Micronaut's management port, configuration keys,
 * credentials from Secrets only, resources and threads, pod security, network policies, the two roles
 * of the trainer, GPUs where the component puts them.
 */
class ManifestsTest {
    /** Keys every service needs from its environment (SPEC sections 2 and 3). */
    static final List<String> REQUIRED = List.of("KAFKA_BOOTSTRAP_SERVERS", "SIGHTLINE_S3_ENDPOINT",
            "SIGHTLINE_S3_ACCESS_KEY", "SIGHTLINE_S3_SECRET_KEY", "SIGHTLINE_S3_BUCKET");

    /** Credentials: only ever from a Secret. */
    static final Set<String> CREDENTIALS = Set.of("SIGHTLINE_S3_ACCESS_KEY", "SIGHTLINE_S3_SECRET_KEY",
            "KAFKA_SASL_JAAS_CONFIG", "KAFKA_SSL_TRUSTSTORE_PASSWORD", "KAFKA_SSL_KEYSTORE_PASSWORD", "KAFKA_SSL_KEY_PASSWORD");

    /**
     * Variables that are not keys of application.yml but of Micronaut or the JVM: the management port
     * (endpoints.all.port), extra configuration files (micronaut.config.files, the token Secret), and
     * JAVA_TOOL_OPTIONS (the JVM's processor count).
     */
    static final Set<String> FRAMEWORK = Set.of("ENDPOINTS_ALL_PORT", "MICRONAUT_CONFIG_FILES", "JAVA_TOOL_OPTIONS");

    /** kustomization fields that kustomize v5 deprecates. */
    static final Set<String> DEPRECATED = Set.of("bases", "patchesStrategicMerge", "patchesJson6902", "commonLabels",
            "vars", "imageTags");

    /** The development API token that deploy/README.md gives (overlays/dev/dev-tokens.yml holds its hash). */
    static final String DEV_TOKEN = "sightline-dev-admin-token";

    static final AppConfig CONFIG = AppConfig.load();

    static Stream<Renders.Target> targets() {
        return Renders.targets();
    }

    @Test
    void kustomizationsUseNoDeprecatedFieldAndComponentsAreComponents() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Repo.K8S)) {
            files = walk.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "kustomizations found: " + files);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Path f : files) {
            Map<String, Object> k = yaml.load(Repo.read(f));
            String where = Repo.K8S.relativize(f).toString();
            for (String field : DEPRECATED) {
                assertFalse(k.containsKey(field), where + " uses the deprecated field " + field);
            }
            boolean component = where.startsWith("components/");
            assertEquals(component ? "Component" : "Kustomization", k.get("kind"), where);
            assertEquals(component ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1",
                    k.get("apiVersion"), where);
        }
        for (String dir : List.of("kafka-topics", "kafka-users")) {
            Kustomize.render(dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void oneSetOfDeploymentsInOneNamespace(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        Set<String> names = r.all(Deployment.class).stream().map(d -> d.getMetadata().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(DEPLOYMENTS.keySet()), names, t + ": the Deployments");
        assertEquals(DEPLOYMENTS.size(), r.all(Deployment.class).size(), t + ": each Deployment once");
        Set<String> seen = new HashSet<>();
        for (HasMetadata o : r.objects()) {
            assertTrue(seen.add(o.getKind() + "/" + o.getMetadata().getName()), t + ": twice " + o.getKind() + " "
                    + o.getMetadata().getName());
            if (!t.base() && !(o instanceof Namespace)) {
                assertEquals(Renders.NAMESPACE, o.getMetadata().getNamespace(), t + ": " + o.getKind() + " "
                        + o.getMetadata().getName() + " outside namespace " + Renders.NAMESPACE);
            }
        }
        for (String svc : List.of("ingest-service", "trainer-service", "inference-service")) {
            r.one(Service.class, svc);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void probesAreOnTheManagementPortWhichNoServiceExposes(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        int port = Integer.parseInt(CONFIG.string("micronaut.server.port"));
        Map<String, String> cm = Renders.configMap(r, "sightline-config");
        // Micronaut management (health and prometheus, no token) on endpoints.all.port: application.yml's default,
        // or the ConfigMap's ENDPOINTS_ALL_PORT
        int management = Integer.parseInt(cm.getOrDefault("ENDPOINTS_ALL_PORT", CONFIG.string("endpoints.all.port")));
        assertTrue(management != port, "management on its own port");
        String base = CONFIG.has("endpoints.all.path") ? CONFIG.string("endpoints.all.path") : "/";
        String health = (base.endsWith("/") ? base : base + "/") + "health";
        assertFalse(CONFIG.has("endpoints.health.path"), "application.yml moves the health endpoint; update the probes");
        assertEquals("true", String.valueOf(CONFIG.paths.get("endpoints.health.enabled")));
        for (Deployment d : r.all(Deployment.class)) {
            String what = t + " " + d.getMetadata().getName();
            Container c = serviceContainer(d);
            assertEquals(port, portNamed(c, "http"), what + ": container port http");
            assertEquals(management, portNamed(c, "management"), what + ": container port management");
            checkProbe(what, "liveness", c.getLivenessProbe(), health + "/liveness", c, management);
            checkProbe(what, "readiness", c.getReadinessProbe(), health + "/readiness", c, management);
            checkProbe(what, "startup", c.getStartupProbe(), health + "/liveness", c, management);
            assertEquals(String.valueOf(management), d.getSpec().getTemplate().getMetadata().getAnnotations()
                    .get("prometheus.io/port"), what + ": annotation-based scrapers scrape the management port");
            assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()), what + ": pod labels vs selector");
        }
        for (Service svc : r.all(Service.class)) {
            String name = svc.getMetadata().getName();
            List<Deployment> behind = r.all(Deployment.class).stream()
                    .filter(d -> svc.getSpec().getSelector() != null && d.getSpec().getTemplate().getMetadata().getLabels()
                            .entrySet().containsAll(svc.getSpec().getSelector().entrySet())).toList();
            for (Deployment d : behind) {
                for (ServicePort sp : svc.getSpec().getPorts()) {
                    int target = resolvePort(sp.getTargetPort(), serviceContainer(d));
                    if (name.endsWith("-metrics")) {
                        assertTrue(t.serviceMonitor(), t + ": " + name + " comes only with components/service-monitor");
                        assertEquals(management, target, t + ": " + name + " is for the management port only");
                    } else {
                        assertEquals(port, target, t + ": Service " + name + " exposes port " + target
                                + "; only the API (" + port + "), never management (" + management + ")");
                    }
                }
            }
        }
    }

    private static int portNamed(Container c, String name) {
        return c.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError(c.getName() + ": no port named " + name));
    }

    private static void checkProbe(String what, String kind, Probe probe, String path, Container c, int port) {
        assertNotNull(probe, what + ": no " + kind + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, what + ": " + kind + " probe is not an HTTP GET");
        assertEquals(path, get.getPath(), what + ": " + kind + " probe path");
        assertEquals(port, resolvePort(get.getPort(), c), what + ": " + kind + " probe port");
    }

    static int resolvePort(IntOrString port, Container c) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return portNamed(c, port.getStrVal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void everyVariableIsAConfigurationKeyAndCredentialsComeOnlyFromSecrets(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        Map<String, String> inCode = AppConfig.declaredInCode();
        List<String> problems = new ArrayList<>();
        for (Deployment d : r.all(Deployment.class)) {
            String what = t + " " + d.getMetadata().getName();
            Container c = serviceContainer(d);
            Map<String, Renders.Value> env = environment(r, c, what);
            for (String name : env.keySet()) {
                if (CONFIG.keyFor(name).isPresent() || FRAMEWORK.contains(name)) {
                    continue;
                }
                String declared = inCode.keySet().stream().filter(k -> AppConfig.envName(k).equals(name))
                        .findFirst().orElse(null);
                problems.add(what + ": " + name + " is not a key of application.yml"
                        + (declared == null ? "" : " (bound by " + inCode.get(declared) + " as " + declared + ")"));
            }
            for (String required : REQUIRED) {
                assertTrue(CONFIG.keyFor(required).isPresent(), "application.yml lost the key for " + required);
                if (env.get(required) == null || env.get(required).value() == null || env.get(required).value().isBlank()) {
                    problems.add(what + ": required " + required + " is not set");
                }
            }
            for (Map.Entry<String, Renders.Value> e : env.entrySet()) {
                if (CREDENTIALS.contains(e.getKey())) {
                    assertEquals(Renders.Source.SECRET, e.getValue().source(), what + ": " + e.getKey()
                            + " must come from a Secret, not " + e.getValue().source());
                }
            }
            assertEquals("false", env.get("SIGHTLINE_KAFKA_CREATE_TOPICS").value(),
                    what + ": Strimzi manages the topics, the services must not create them");
            // Kafka: SASL over TLS with the cluster CA as trust store, the login from the KafkaUser's Secret
            assertEquals("SASL_SSL", env.get("KAFKA_SECURITY_PROTOCOL").value(), what);
            assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM").value(), what);
            assertTrue(env.get("KAFKA_SASL_JAAS_CONFIG").value().endsWith("/sasl.jaas.config"), what);
            assertFileFromSecret(d, c, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION").value(),
                    Renders.kafkaCluster(r) + "-cluster-ca-cert", "ca.crt", what);
            // API tokens: a YAML file from the Secret sightline-tokens, read as a Micronaut configuration file
            assertFileFromSecret(d, c, env.get("MICRONAUT_CONFIG_FILES").value(), "sightline-tokens", "tokens.yml", what);
        }
        assertTrue(problems.isEmpty(), String.join("\n  ", problems));
        for (var cm : r.all(io.fabric8.kubernetes.api.model.ConfigMap.class)) {
            for (String key : cm.getData().keySet()) {
                assertFalse(key.toLowerCase().matches(".*(password|secret_key|jaas|access_key|token$).*"),
                        t + ": ConfigMap " + cm.getMetadata().getName() + " holds a credential: " + key);
            }
        }
    }

    /** A file path a variable names is a key of a Secret, mounted read-only. */
    private static void assertFileFromSecret(Deployment d, Container c, String file, String secret, String key, String what) {
        assertNotNull(file, what + ": no file for " + secret);
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": nothing mounted at " + file));
        assertEquals(Boolean.TRUE, mount.getReadOnly(), what + ": " + mount.getMountPath() + " read-only");
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(v.getSecret(), what + ": " + file + " is not from a Secret");
        assertEquals(secret, v.getSecret().getSecretName().replaceAll("-[a-z0-9]{10}$", ""), what + ": the Secret of " + file);
        String fileName = file.substring(mount.getMountPath().length() + 1);
        assertTrue(v.getSecret().getItems().stream().anyMatch(i -> i.getKey().equals(key) && i.getPath().equals(fileName)),
                what + ": " + file + " is the key " + key + " of " + secret);
    }

    /**
     * The dev overlay's generated Secrets let the services start (docs/security.md, "Safe defaults"): S3
     * credentials other than the well-known pair, and token entries that TokenTable accepts (a SHA-256, known
     * roles), among them the admin token the README gives.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theDevSecretsPassTheServicesSafeDefaults() {
        Kustomize.Rendered r = Kustomize.render("overlays/dev");
        Map<String, String> s3 = Renders.secretValues(generatedSecret(r, "sightline-s3"));
        assertFalse(S3Config.WELL_KNOWN_ACCESS_KEY.equals(s3.get("SIGHTLINE_S3_ACCESS_KEY"))
                && S3Config.WELL_KNOWN_SECRET_KEY.equals(s3.get("SIGHTLINE_S3_SECRET_KEY")),
                "dev's S3 credentials are the well-known defaults, which the services refuse");
        String file = Renders.secretValues(generatedSecret(r, "sightline-tokens")).get("tokens.yml");
        assertNotNull(file, "sightline-tokens has the key tokens.yml");
        Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(file);
        Map<String, Object> security = (Map<String, Object>) ((Map<String, Object>) yaml.get("sightline")).get("security");
        List<Map<String, Object>> tokens = (List<Map<String, Object>>) security.get("tokens");
        assertFalse(tokens == null || tokens.isEmpty(), "no API token: the services refuse to start");
        for (Map<String, Object> token : tokens) {
            assertTrue(String.valueOf(token.get("sha256")).matches("[0-9a-f]{64}"), token.get("name")
                    + ": sha256 is the 64 lowercase hex digits of the token's SHA-256");
            List<String> roles = (List<String>) token.get("roles");
            assertTrue(roles != null && !roles.isEmpty() && roles.stream().allMatch(Roles::known),
                    token.get("name") + ": roles among " + Roles.ALL + ": " + roles);
        }
        assertTrue(Repo.read(Repo.README).contains("export SIGHTLINE_TOKEN=" + DEV_TOKEN), "the README gives the dev token");
        assertTrue(tokens.stream().anyMatch(t -> TokenTable.hash(DEV_TOKEN).equals(t.get("sha256"))
                && ((List<String>) t.get("roles")).contains(Roles.ADMIN)), "the README's dev token is an admin token");
    }

    private static Secret generatedSecret(Kustomize.Rendered r, String name) {
        List<Secret> found = r.all(Secret.class).stream()
                .filter(s -> s.getMetadata().getName().replaceAll("-[a-z0-9]{10}$", "").equals(name)).toList();
        Renders.assertOne(found, "the generated Secret " + name);
        return found.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void secretsAreGeneratedInDevTakenFromOutsideElsewhereAndEveryReferenceResolves(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        Set<String> rendered = r.all(Secret.class).stream()
                .map(s -> s.getMetadata().getName().replaceAll("-[a-z0-9]{10}$", "")).collect(Collectors.toSet());
        if (t.dev()) {
            assertEquals(Set.of("sightline-s3", "sightline-tokens"), rendered, t + ": the generated development Secrets");
        } else {
            assertEquals(Set.of(), rendered, t + ": ships no Secret (base and prod take them from outside)");
        }
        for (PodSpec pod : Renders.pods(r)) {
            for (Volume v : pod.getVolumes()) {
                if (v.getSecret() != null) {
                    Set<String> keys = Renders.secretKeys(r, v.getSecret().getSecretName(), t + " volume " + v.getName());
                    v.getSecret().getItems().forEach(i -> assertTrue(keys.contains(i.getKey()),
                            t + ": " + v.getSecret().getSecretName() + " has no key " + i.getKey()));
                }
            }
            for (Container c : Renders.allContainers(pod)) {
                environment(r, c, t + " " + c.getName());
            }
        }
        for (Ingress ingress : r.all(Ingress.class)) {
            ingress.getSpec().getTls().forEach(tls -> Renders.secretKeys(r, tls.getSecretName(), t + " Ingress TLS"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void resourcesHaveLimitsAndThreadsFollowTheCpuRequest(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        for (PodSpec pod : Renders.pods(r)) {
            for (Container c : Renders.allContainers(pod)) {
                String what = t + " " + c.getName();
                var res = c.getResources();
                assertNotNull(res.getRequests(), what + ": no requests");
                assertNotNull(res.getLimits(), what + ": no limits");
                for (String kind : List.of("cpu", "memory")) {
                    Quantity request = res.getRequests().get(kind);
                    Quantity limit = res.getLimits().get(kind);
                    assertNotNull(request, what + ": no " + kind + " request");
                    assertNotNull(limit, what + ": no " + kind + " limit");
                    assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                            what + ": " + kind + " request above its limit");
                }
            }
        }
        Map<String, String> threads = Map.of("inference-service", "SIGHTLINE_INFERENCE_INTRA_OP_THREADS",
                "trainer-head", "SIGHTLINE_TRAINER_INTRA_OP_THREADS", "trainer-embedder", "SIGHTLINE_TRAINER_INTRA_OP_THREADS");
        threads.forEach((deployment, variable) -> {
            String what = t + " " + deployment;
            Container c = serviceContainer(deployment(r, deployment));
            assertTrue(CONFIG.keyFor(variable).isPresent(), "application.yml lost " + variable);
            EnvVar threadsVar = env(c, variable, what);
            ResourceFieldSelector field = threadsVar.getValueFrom() == null ? null
                    : threadsVar.getValueFrom().getResourceFieldRef();
            assertNotNull(field, what + ": " + variable + " comes from the container's CPU request (resourceFieldRef)");
            assertEquals("requests.cpu", field.getResource(), what);
            assertEquals(c.getName(), field.getContainerName(), what + ": its own container's request");
            assertEquals("1", field.getDivisor() == null ? "1" : field.getDivisor().toString(), what + ": whole cores");
            EnvVar tool = env(c, "JAVA_TOOL_OPTIONS", what);
            assertTrue(tool.getValue().contains("-XX:ActiveProcessorCount=$(" + variable + ")"),
                    what + ": the JVM counts the requested cores: " + tool.getValue());
            assertTrue(c.getEnv().indexOf(threadsVar) < c.getEnv().indexOf(tool),
                    what + ": $(" + variable + ") expands only when defined before JAVA_TOOL_OPTIONS");
        });
    }

    private static EnvVar env(Container c, String name, String what) {
        return c.getEnv().stream().filter(e -> name.equals(e.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(what + ": no " + name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void podsRunLockedDownAndEachHasADisruptionBudget(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        for (Deployment d : r.all(Deployment.class)) {
            String what = t + " " + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), what + ": no service-account token");
            ServiceAccount sa = r.one(ServiceAccount.class, pod.getServiceAccountName());
            assertEquals(Boolean.FALSE, sa.getAutomountServiceAccountToken(), what + ": its ServiceAccount mounts no token");
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), what + ": runAsNonRoot");
            assertTrue(pod.getSecurityContext().getRunAsUser() > 0, what + ": runAsUser");
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), what + ": seccomp");
            for (Container c : Renders.allContainers(pod)) {
                var sc = c.getSecurityContext();
                assertNotNull(sc, what + "/" + c.getName() + ": no securityContext");
                assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), what + "/" + c.getName());
                assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), what + "/" + c.getName());
                assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), what + "/" + c.getName());
            }
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class).stream()
                    .filter(p -> Renders.selects(p.getSpec().getSelector(), labels)).toList();
            assertEquals(1, pdbs.size(), what + ": exactly one PodDisruptionBudget selects its pods");
            PodDisruptionBudget pdb = pdbs.get(0);
            assertTrue(pdb.getSpec().getMinAvailable() == null ^ pdb.getSpec().getMaxUnavailable() == null,
                    what + ": the PDB sets exactly one of minAvailable and maxUnavailable");
            if (pdb.getSpec().getMinAvailable() != null && pdb.getSpec().getMinAvailable().getIntVal() != null) {
                assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < d.getSpec().getReplicas(),
                        what + ": minAvailable >= replicas would block every node drain");
            }
        }
        for (StatefulSet s : r.all(StatefulSet.class)) {
            assertEquals(Boolean.FALSE, s.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken(),
                    t + " " + s.getMetadata().getName() + ": no service-account token");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void oneHeadTrainsAndTheEmbeddingWorkersScale(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        assertTrue(CONFIG.has("sightline.trainer.role"), "application.yml documents sightline.trainer.role");
        Deployment head = deployment(r, "trainer-head");
        assertEquals(1, head.getSpec().getReplicas(), t + ": one head");
        assertEquals("Recreate", head.getSpec().getStrategy().getType(),
                t + ": a rolling update would run two heads side by side");
        assertEquals("head", role(r, head, t));
        Deployment embedder = deployment(r, "trainer-embedder");
        assertEquals("embed", role(r, embedder, t));
        Set<String> scaled = r.all(OperatorKinds.ScaledObject.class).stream()
                .map(s -> s.getSpec().scaleTargetRef().name()).collect(Collectors.toSet());
        assertFalse(scaled.contains("trainer-head"), t + ": KEDA must never scale the head");
        assertTrue(scaled.contains("trainer-embedder"), t + ": KEDA scales the embedding workers");
        Service api = r.one(Service.class, "trainer-service");
        assertTrue(head.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(api.getSpec().getSelector().entrySet()), t + ": the trainer's API is the head's");
        assertFalse(embedder.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                .containsAll(api.getSpec().getSelector().entrySet()), t + ": the embedding workers are not behind the API");
    }

    private static String role(Kustomize.Rendered r, Deployment d, Renders.Target t) {
        Renders.Value v = environment(r, serviceContainer(d), t + " " + d.getMetadata().getName()).get("SIGHTLINE_TRAINER_ROLE");
        assertNotNull(v, t + " " + d.getMetadata().getName() + ": SIGHTLINE_TRAINER_ROLE");
        return v.value();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void thePretrainedBackboneIsDownloadedOnceIntoASharedCache(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        for (String name : List.of("trainer-head", "trainer-embedder")) {
            String what = t + " " + name;
            Deployment trainer = deployment(r, name);
            PodSpec pod = trainer.getSpec().getTemplate().getSpec();
            Container app = serviceContainer(trainer);
            String cacheDir = environment(r, app, what).get("SIGHTLINE_TRAINER_CACHE_DIR").value();
            VolumeMount appMount = app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(cacheDir))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": nothing mounted at " + cacheDir));
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(appMount.getName())).findFirst()
                    .orElseThrow();
            assertNotNull(volume.getPersistentVolumeClaim(), what + ": the cache must be a PersistentVolumeClaim");
            PersistentVolumeClaim pvc = r.one(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName());
            if (!t.dev()) {
                assertTrue(pvc.getSpec().getAccessModes().contains("ReadWriteMany"), what + ": the cache is shared (RWX)");
            }
            assertEquals(1, pod.getInitContainers().size(), what + ": one init container fetches the backbone");
            Container init = pod.getInitContainers().get(0);
            VolumeMount initMount = init.getVolumeMounts().stream().filter(m -> m.getName().equals(appMount.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(what + ": the init container does not mount the cache"));
            String script = String.join("\n", init.getCommand()) + "\n"
                    + (init.getArgs() == null ? "" : String.join("\n", init.getArgs()));
            DownloadSource source = DownloadSource.RESNET50_V1_12;
            assertTrue(script.contains(source.uri().toString()), what + ": downloads " + source.uri());
            assertTrue(script.contains(source.sha256()), what + ": checks SHA-256 " + source.sha256());
            assertTrue(script.contains("if sha256sum -c"), what + ": an intact cached file is not downloaded again");
            assertTrue(script.contains(source.fileName()), what + ": the file is " + source.fileName());
            assertTrue(script.contains("cd " + initMount.getMountPath()), what + ": works in the cache volume");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void gpusOnlyWithTheGpuComponentAndOnlyForTheModelWork(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        Set<String> gpu = new TreeSet<>();
        for (Deployment d : r.all(Deployment.class)) {
            String what = t + " " + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = serviceContainer(d);
            Map<String, String> env = Renders.values(environment(r, c, what));
            if (c.getResources().getLimits().containsKey("nvidia.com/gpu")) {
                gpu.add(d.getMetadata().getName());
                assertTrue(pod.getTolerations() != null && pod.getTolerations().stream()
                        .anyMatch(x -> "nvidia.com/gpu".equals(x.getKey())), what + ": tolerates nvidia.com/gpu");
                assertEquals("true", pod.getNodeSelector().get("nvidia.com/gpu.present"), what + ": on GPU nodes");
                String cpuImage = serviceContainer(deployment(r, "trainer-head")).getImage();
                if (d.getMetadata().getName().startsWith("trainer")) {
                    assertFalse(c.getImage().equals(cpuImage), what + ": the CUDA image, not the head's CPU image");
                }
                if (!t.prod()) {
                    assertTrue(c.getImage().endsWith("-cuda"), what + ": the CUDA image, not " + c.getImage());
                }
                String provider = d.getMetadata().getName().startsWith("trainer") ? "SIGHTLINE_TRAINER_PROVIDER"
                        : "SIGHTLINE_INFERENCE_PROVIDER";
                assertEquals("cuda", env.get(provider), what + ": CUDA or fail loudly");
                assertEquals(t.runtimeClass() ? "nvidia" : null, pod.getRuntimeClassName(), what + ": runtimeClassName");
            } else {
                assertFalse(c.getImage().endsWith("-cuda"), what + ": " + c.getImage() + " without a GPU");
                assertNull(pod.getRuntimeClassName(), what);
            }
        }
        assertEquals(t.gpu() ? Renders.GPU_DEPLOYMENTS : Set.of(), gpu, t + ": the Deployments on GPUs");
        if (t.gpu()) {
            Map<String, String> env = Renders.values(environment(r, serviceContainer(deployment(r, "trainer-embedder")), t.toString()));
            assertTrue(Integer.parseInt(env.get("SIGHTLINE_TRAINER_EMBED_BATCH")) > 8, "larger batches on a GPU");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void networkPoliciesDenyByDefaultAndOpenOnlyTheFlowsTheServicesNeed(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        int api = Integer.parseInt(CONFIG.string("micronaut.server.port"));
        int management = Integer.parseInt(Renders.configMap(r, "sightline-config").get("ENDPOINTS_ALL_PORT"));
        for (Deployment d : r.all(Deployment.class)) {
            String what = t + " " + d.getMetadata().getName();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> applying = policies.stream().filter(p -> Renders.selects(p.getSpec().getPodSelector(), labels))
                    .toList();
            assertTrue(applying.stream().anyMatch(p -> p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                            && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty())
                            && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty())),
                    what + ": a default-deny policy (ingress and egress, no rule) selects its pods");
            Set<Integer> inPorts = new TreeSet<>();
            applying.stream().filter(p -> p.getSpec().getIngress() != null).flatMap(p -> p.getSpec().getIngress().stream())
                    .forEach(rule -> {
                        assertNotNull(rule.getPorts(), what + ": an ingress rule without ports opens every port");
                        rule.getPorts().forEach(port -> inPorts.add(port.getPort().getIntVal()));
                        if (rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == management)) {
                            assertTrue(t.serviceMonitor(), what + ": the management port is opened only by the service-monitor component");
                            assertTrue(rule.getFrom().stream().allMatch(peer -> peer.getNamespaceSelector() != null
                                    && peer.getNamespaceSelector().getMatchLabels() != null), what + ": to the monitoring namespace only");
                        }
                    });
            assertTrue(inPorts.contains(api), what + ": the API port " + api + " is reachable");
            Set<Integer> expectedIn = new TreeSet<>(List.of(api));
            if (t.serviceMonitor()) {
                expectedIn.add(management);
            }
            assertEquals(expectedIn, inPorts, what + ": ports open to incoming traffic");
            Set<Integer> outPorts = new TreeSet<>();
            applying.stream().filter(p -> p.getSpec().getEgress() != null).flatMap(p -> p.getSpec().getEgress().stream())
                    .forEach(rule -> {
                        assertNotNull(rule.getPorts(), what + ": an egress rule without ports opens every port");
                        rule.getPorts().stream().map(NetworkPolicyPort::getPort).forEach(port -> outPorts.add(port.getIntVal()));
                    });
            Map<String, String> env = Renders.values(environment(r, serviceContainer(d), what));
            int kafka = Integer.parseInt(env.get("KAFKA_BOOTSTRAP_SERVERS").replaceAll(".*:", ""));
            URI s3 = URI.create(env.get("SIGHTLINE_S3_ENDPOINT"));
            int s3Port = s3.getPort() > 0 ? s3.getPort() : "https".equals(s3.getScheme()) ? 443 : 80;
            assertTrue(outPorts.containsAll(List.of(53, kafka, s3Port)), what + ": DNS, Kafka " + kafka + " and S3 " + s3Port
                    + " are reachable: " + outPorts);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void theServiceMonitorScrapesTheManagementPortOfEveryService(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        List<OperatorKinds.ServiceMonitor> monitors = r.all(OperatorKinds.ServiceMonitor.class);
        assertEquals(t.serviceMonitor() ? 1 : 0, monitors.size(), t + ": a ServiceMonitor only with the component");
        for (OperatorKinds.ServiceMonitor m : monitors) {
            List<Service> selected = r.all(Service.class).stream()
                    .filter(s -> Renders.selects(m.getSpec().selector(), s.getMetadata().getLabels())).toList();
            Set<String> scraped = new TreeSet<>();
            for (Service s : selected) {
                for (Deployment d : r.all(Deployment.class)) {
                    if (d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(s.getSpec().getSelector().entrySet())) {
                        scraped.add(d.getMetadata().getName());
                    }
                }
                for (OperatorKinds.Endpoint e : m.getSpec().endpoints()) {
                    assertEquals("/prometheus", e.path(), t + ": Micronaut's prometheus endpoint");
                    assertTrue(s.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(e.port())),
                            t + ": " + s.getMetadata().getName() + " has the port " + e.port());
                }
            }
            assertEquals(new TreeSet<>(DEPLOYMENTS.keySet()), scraped, t + ": every Deployment is scraped");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void customResourcesAreOfTheCurrentOperatorApis(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        for (Map<String, Object> o : r.raw()) {
            String api = String.valueOf(o.get("apiVersion"));
            if (api.contains(".")) {
                assertTrue(api.equals(StrimziKinds.API_VERSION) || api.equals(OperatorKinds.KEDA)
                                || api.equals(OperatorKinds.PROMETHEUS_OPERATOR) || api.startsWith("apps/")
                                || api.startsWith("policy/") || api.startsWith("networking.k8s.io/"),
                        t + ": " + api + " " + o.get("kind"));
            }
        }
    }
}
