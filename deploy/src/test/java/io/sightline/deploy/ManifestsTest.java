package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sightline.onnx.DownloadSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered kustomizations against the code: kinds, probes, configuration keys, resources, the
 * trainer. One class of this size because every check walks the same rendered overlays, which are
 * rendered once per overlay for all of them.
 */
class ManifestsTest {
    static final String[] APP_DIRS = {"base", "overlays/dev", "overlays/gpu"};

    /** Keys every service needs from its environment (SPEC sections 2 and 3). */
    static final List<String> REQUIRED = List.of("KAFKA_BOOTSTRAP_SERVERS", "SIGHTLINE_S3_ENDPOINT",
            "SIGHTLINE_S3_ACCESS_KEY", "SIGHTLINE_S3_SECRET_KEY", "SIGHTLINE_S3_BUCKET");

    static final AppConfig CONFIG = AppConfig.load();
    /** Micronaut's own start-up variables, read before application.yml: the tokens file (docs/security.md). */
    static final Set<String> MICRONAUT_BOOTSTRAP = Set.of("MICRONAUT_CONFIG_FILES");

    @ParameterizedTest
    @ValueSource(strings = {"base", "kafka-topics", "overlays/dev", "overlays/gpu"})
    void everyKustomizationRendersIntoKnownKinds(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        for (GenericKubernetesResource custom : r.all(GenericKubernetesResource.class)) {
            String api = custom.getApiVersion();
            assertTrue(api.equals("kafka.strimzi.io/v1beta2") || api.equals("keda.sh/v1alpha1"),
                    dir + ": unexpected custom resource " + api + " " + custom.getKind());
            assertTrue(Set.of("Kafka", "KafkaNodePool", "KafkaTopic", "ScaledObject").contains(custom.getKind()),
                    dir + ": unexpected custom kind " + custom.getKind());
        }
        if (!dir.equals("kafka-topics")) {
            for (Repo.Service s : Repo.Service.values()) {
                r.one(Deployment.class, s.module);
                r.one(Service.class, s.module);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void probesAndPortsAreTheServicesRealOnes(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        int port = Integer.parseInt(CONFIG.string("micronaut.server.port"));
        // Micronaut management: endpoints at endpoints.all.path (default "/") on endpoints.all.port, the
        // management port (health and prometheus, no token); the health endpoint's id is "health".
        int management = Integer.parseInt(CONFIG.string("endpoints.all.port"));
        assertTrue(management != port, "the management port is not the web port");
        String base = CONFIG.has("endpoints.all.path") ? CONFIG.string("endpoints.all.path") : "/";
        String health = (base.endsWith("/") ? base : base + "/") + "health";
        assertFalse(CONFIG.has("endpoints.health.path"), "application.yml moves the health endpoint; update the probes");
        assertEquals("true", String.valueOf(CONFIG.paths.get("endpoints.health.enabled")));
        for (Repo.Service s : Repo.Service.values()) {
            Deployment d = r.one(Deployment.class, s.module);
            Container c = serviceContainer(d, s);
            ContainerPort http = c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(dir + " " + s.module + ": no port named http"));
            assertEquals(port, http.getContainerPort(), dir + " " + s.module + ": container port");
            ContainerPort managementPort = c.getPorts().stream().filter(p -> "management".equals(p.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError(dir + " " + s.module + ": no port named management"));
            assertEquals(management, managementPort.getContainerPort(), dir + " " + s.module + ": management port");
            checkProbe(dir, s, "liveness", c.getLivenessProbe(), health + "/liveness", c, management);
            checkProbe(dir, s, "readiness", c.getReadinessProbe(), health + "/readiness", c, management);
            checkProbe(dir, s, "startup", c.getStartupProbe(), health + "/liveness", c, management);
            assertEquals(String.valueOf(management), d.getSpec().getTemplate().getMetadata().getAnnotations()
                    .get("prometheus.io/port"), dir + " " + s.module + ": prometheus is scraped on the management port");
            Service svc = r.one(Service.class, s.module);
            assertEquals(d.getSpec().getSelector().getMatchLabels(), svc.getSpec().getSelector(),
                    dir + " " + s.module + ": Service selector vs Deployment selector");
            ServicePort sp = svc.getSpec().getPorts().get(0);
            assertEquals(port, resolvePort(sp.getTargetPort(), c), dir + " " + s.module + ": Service targetPort");
            assertTrue(d.getSpec().getTemplate().getMetadata().getLabels().entrySet()
                    .containsAll(d.getSpec().getSelector().getMatchLabels().entrySet()), "pod labels vs selector");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void everyServiceReadsTheTokenHashesFromTheTokensSecret(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        for (Repo.Service s : Repo.Service.values()) {
            Deployment d = r.one(Deployment.class, s.module);
            Container c = serviceContainer(d, s);
            String file = environment(r, c, dir + " " + s.module).get("MICRONAUT_CONFIG_FILES");
            assertNotNull(file, dir + " " + s.module + ": MICRONAUT_CONFIG_FILES names the tokens file");
            String folder = file.substring(0, file.lastIndexOf('/'));
            var mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(folder)).findFirst()
                    .orElseThrow(() -> new AssertionError(dir + " " + s.module + ": nothing mounted at " + folder));
            assertEquals(Boolean.TRUE, mount.getReadOnly(), dir + " " + s.module + ": the tokens are mounted read-only");
            var volume = d.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertEquals("sightline-tokens", volume.getSecret() == null ? null : volume.getSecret().getSecretName(),
                    dir + " " + s.module + ": the tokens come from the sightline-tokens Secret");
        }
    }

    private static void checkProbe(String dir, Repo.Service s, String kind, Probe probe, String path, Container c, int port) {
        assertNotNull(probe, dir + " " + s.module + ": no " + kind + " probe");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, dir + " " + s.module + ": " + kind + " probe is not an HTTP GET");
        assertEquals(path, get.getPath(), dir + " " + s.module + ": " + kind + " probe path");
        assertEquals(port, resolvePort(get.getPort(), c), dir + " " + s.module + ": " + kind + " probe port");
    }

    private static int resolvePort(IntOrString port, Container c) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void everyEnvVarIsAConfigurationKeyAndTheRequiredOnesAreSet(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        Map<String, String> inCode = AppConfig.declaredInCode();
        List<String> problems = new ArrayList<>();
        for (Repo.Service s : Repo.Service.values()) {
            Deployment d = r.one(Deployment.class, s.module);
            Map<String, String> env = environment(r, serviceContainer(d, s), dir + " " + s.module);
            for (String name : env.keySet()) {
                if (CONFIG.keyFor(name).isPresent() || MICRONAUT_BOOTSTRAP.contains(name)) {
                    continue;
                }
                String declared = inCode.keySet().stream().filter(k -> AppConfig.envName(k).equals(name))
                        .findFirst().orElse(null);
                if (declared != null) {
                    // The key exists (a @ConfigurationProperties record binds it) but application.yml,
                    // the one documented list, does not show it yet: say so loudly, do not fail.
                    System.err.println("WARNING " + dir + " " + s.module + ": " + name + " sets " + declared
                            + " (bound by " + inCode.get(declared) + "), which "
                            + "platform/src/main/resources/application.yml does not list yet");
                    continue;
                }
                problems.add(s.module + ": " + name + " is not a key of application.yml");
            }
            for (String required : REQUIRED) {
                assertTrue(CONFIG.keyFor(required).isPresent(), "application.yml lost the key for " + required);
                String value = env.get(required);
                if (value == null || value.isBlank()) {
                    problems.add(s.module + ": required " + required + " is not set");
                }
            }
            assertTrue(CONFIG.has("sightline.kafka.create-topics"), "application.yml has no sightline.kafka.create-topics");
            assertEquals("false", env.get("SIGHTLINE_KAFKA_CREATE_TOPICS"),
                    dir + " " + s.module + ": Strimzi manages the topics, the services must not create them");
        }
        assertTrue(problems.isEmpty(), dir + ":\n  " + String.join("\n  ", problems));
    }

    /** A container's environment, envFrom resolved against the ConfigMaps and Secrets of the render. */
    static Map<String, String> environment(Kustomize.Rendered r, Container c, String what) {
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnvFrom() != null) {
            for (EnvFromSource from : c.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getConfigMapRef() != null) {
                    configMap(r, from.getConfigMapRef().getName()).forEach((k, v) -> env.put(prefix + k, v));
                } else if (from.getSecretRef() != null) {
                    secret(r, from.getSecretRef().getName()).forEach((k, v) -> env.put(prefix + k, v));
                } else {
                    fail(what + ": envFrom without configMapRef or secretRef");
                }
            }
        }
        if (c.getEnv() != null) {
            for (EnvVar e : c.getEnv()) {
                String value = e.getValue();
                if (e.getValueFrom() != null) {
                    if (e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        value = configMap(r, ref.getName()).get(ref.getKey());
                        assertNotNull(value, what + ": " + e.getName() + " refers to missing key " + ref.getKey());
                    } else if (e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        value = secret(r, ref.getName()).get(ref.getKey());
                        assertNotNull(value, what + ": " + e.getName() + " refers to missing key " + ref.getKey());
                    } else {
                        value = "(from the pod)";
                    }
                }
                env.put(e.getName(), value);
            }
        }
        return env;
    }

    static Map<String, String> configMap(Kustomize.Rendered r, String name) {
        ConfigMap cm = r.one(ConfigMap.class, name);
        return cm.getData() == null ? Map.of() : cm.getData();
    }

    static Map<String, String> secret(Kustomize.Rendered r, String name) {
        Secret s = r.one(Secret.class, name);
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    static Container serviceContainer(Deployment d, Repo.Service s) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().filter(c -> s.module.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(s.module + ": no container named " + s.module));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void everyWorkloadHasResourcesSecurityAndADisruptionBudget(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        for (Deployment d : r.all(Deployment.class)) {
            String what = dir + " " + d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            List<Container> all = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                all.addAll(pod.getInitContainers());
            }
            for (Container c : all) {
                var res = c.getResources();
                assertNotNull(res, what + "/" + c.getName() + ": no resources");
                assertNotNull(res.getRequests(), what + "/" + c.getName() + ": no requests");
                assertTrue(res.getRequests().containsKey("cpu") && res.getRequests().containsKey("memory"),
                        what + "/" + c.getName() + ": requests need cpu and memory");
                assertTrue(res.getLimits() != null && res.getLimits().containsKey("memory"),
                        what + "/" + c.getName() + ": a memory limit is needed (the JVM sizes its heap from it)");
                assertTrue(Quantity.getAmountInBytes(res.getRequests().get("memory"))
                                .compareTo(Quantity.getAmountInBytes(res.getLimits().get("memory"))) <= 0,
                        what + "/" + c.getName() + ": memory request above limit");
                var sc = c.getSecurityContext();
                assertTrue(sc != null && Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()),
                        what + "/" + c.getName() + ": allowPrivilegeEscalation must be false");
            }
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), what + ": runAsNonRoot");
            assertTrue(pod.getSecurityContext().getRunAsUser() > 0, what + ": runAsUser");
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
            List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class).stream()
                    .filter(p -> labels.entrySet().containsAll(p.getSpec().getSelector().getMatchLabels().entrySet()))
                    .toList();
            assertEquals(1, pdbs.size(), what + ": expected exactly one PodDisruptionBudget selecting its pods");
            PodDisruptionBudget pdb = pdbs.get(0);
            assertTrue(pdb.getSpec().getMinAvailable() == null ^ pdb.getSpec().getMaxUnavailable() == null,
                    what + ": the PDB sets exactly one of minAvailable and maxUnavailable");
            if (pdb.getSpec().getMinAvailable() != null && pdb.getSpec().getMinAvailable().getIntVal() != null) {
                assertTrue(pdb.getSpec().getMinAvailable().getIntVal() < d.getSpec().getReplicas(),
                        what + ": minAvailable >= replicas would block every node drain");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void theTrainerTrainsInOnePlace(String dir) {
        Deployment trainer = Kustomize.render(dir).one(Deployment.class, Repo.Service.TRAINER.module);
        assertEquals(1, trainer.getSpec().getReplicas(), dir + ": the head training must stay single");
        assertEquals("Recreate", trainer.getSpec().getStrategy().getType(),
                dir + ": a rolling update would run two trainers side by side");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void thePretrainedBackboneIsDownloadedOnceIntoASharedCache(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        Deployment trainer = r.one(Deployment.class, Repo.Service.TRAINER.module);
        PodSpec pod = trainer.getSpec().getTemplate().getSpec();
        Container app = serviceContainer(trainer, Repo.Service.TRAINER);
        String cacheDir = environment(r, app, dir + " trainer").get("SIGHTLINE_TRAINER_CACHE_DIR");
        assertNotNull(cacheDir, dir + ": the trainer's sightline.trainer.cache-dir must point at the cache volume");
        VolumeMount appMount = app.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(cacheDir))
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": nothing mounted at " + cacheDir));
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(appMount.getName())).findFirst()
                .orElseThrow();
        assertNotNull(volume.getPersistentVolumeClaim(), dir + ": the cache must be a PersistentVolumeClaim");
        PersistentVolumeClaim pvc = r.one(PersistentVolumeClaim.class, volume.getPersistentVolumeClaim().getClaimName());
        if (!dir.equals("overlays/dev")) {
            assertTrue(pvc.getSpec().getAccessModes().contains("ReadWriteMany"), dir + ": the cache is shared (RWX)");
        }
        assertEquals(1, pod.getInitContainers().size(), dir + ": one init container fetches the backbone");
        Container init = pod.getInitContainers().get(0);
        VolumeMount initMount = init.getVolumeMounts().stream().filter(m -> m.getName().equals(appMount.getName()))
                .findFirst().orElseThrow(() -> new AssertionError(dir + ": the init container does not mount the cache"));
        String script = String.join("\n", init.getCommand()) + "\n"
                + (init.getArgs() == null ? "" : String.join("\n", init.getArgs()));
        DownloadSource source = DownloadSource.RESNET50_V1_12;
        assertTrue(script.contains(source.uri().toString()), dir + ": the init container downloads " + source.uri());
        assertTrue(script.contains(source.sha256()), dir + ": the init container checks SHA-256 " + source.sha256());
        assertTrue(script.contains("sha256sum -c"), dir + ": the init container checks the hash with sha256sum -c");
        assertTrue(script.contains(source.fileName()), dir + ": the file is " + source.fileName() + " in the cache");
        assertTrue(script.contains("cd " + initMount.getMountPath()), dir + ": the init container works in the cache volume");
        assertTrue(script.contains("if sha256sum -c"), dir + ": an intact cached file must not be downloaded again");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void onlyTheGpuOverlayAsksForGpus(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        Set<String> gpu = new TreeSet<>();
        for (Deployment d : r.all(Deployment.class)) {
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            if (c.getResources().getLimits().containsKey("nvidia.com/gpu")) {
                gpu.add(d.getMetadata().getName());
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                assertTrue(pod.getTolerations() != null && pod.getTolerations().stream()
                        .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())), dir + ": GPU pods tolerate nvidia.com/gpu");
                assertTrue(pod.getNodeSelector() != null && !pod.getNodeSelector().isEmpty(),
                        dir + ": GPU pods select GPU nodes");
                assertTrue(c.getImage().endsWith("-cuda"), dir + ": GPU pods run the CUDA image, not " + c.getImage());
            } else {
                assertFalse(c.getImage().endsWith("-cuda"), dir + ": " + c.getImage() + " without a GPU");
            }
        }
        if (dir.equals("overlays/gpu")) {
            assertEquals(Set.of("inference-service", "trainer-service"), gpu);
            Container trainer = serviceContainer(r.one(Deployment.class, "trainer-service"), Repo.Service.TRAINER);
            Map<String, String> env = environment(r, trainer, dir);
            assertEquals("cuda", env.get("SIGHTLINE_TRAINER_PROVIDER"));
            assertTrue(Integer.parseInt(env.get("SIGHTLINE_TRAINER_EMBED_BATCH")) > 8, "larger batches on a GPU");
        } else {
            assertEquals(Set.of(), gpu);
        }
    }
}
