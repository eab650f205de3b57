package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sightline.contract.Topics;
import io.sightline.kafka.TopicBootstrap;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorSpec;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strimzi resources (typed: Strimzi's own model of kafka.strimzi.io/v1) and KEDA objects (typed:
 * {@link OperatorKinds}) against the code: Topics.ALL, TopicBootstrap, the consumer groups and
 * transactional ids, the services' Kafka logins.
 */
class KafkaAndKedaTest {
    static final AppConfig CONFIG = AppConfig.load();
    static final Topics TOPICS = new Topics(CONFIG.string("sightline.kafka.topic-prefix"));

    static Stream<Renders.Target> targets() {
        return Renders.targets();
    }

    /** The embedding group of the configured backbone (sightline.trainer.embed-group). */
    static String embedGroup() {
        return CONFIG.string("sightline.trainer.embed-group")
                .replace("${sightline.trainer.backbone}", CONFIG.string("sightline.trainer.backbone"));
    }

    /** The embedding groups of every backbone share this prefix. */
    static String embedGroupPrefix() {
        return CONFIG.string("sightline.trainer.embed-group").replace("${sightline.trainer.backbone}", "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka-topics", "overlays/dev", "overlays/prod-example"})
    void kafkaTopicsAreExactlyTheTopicsOfTheCode(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        Kustomize.Rendered app = dir.equals("kafka-topics") ? Kustomize.render("base") : r;
        Map<String, String> cm = Renders.configMap(app, "sightline-config");
        String prefix = cm.getOrDefault("SIGHTLINE_KAFKA_TOPIC_PREFIX", CONFIG.string("sightline.kafka.topic-prefix"));
        assertEquals(CONFIG.string("sightline.kafka.topic-prefix"), prefix, "topic prefix: ConfigMap vs application.yml");
        int partitions = Integer.parseInt(cm.get("SIGHTLINE_KAFKA_PARTITIONS"));
        short replicas = Short.parseShort(cm.get("SIGHTLINE_KAFKA_REPLICATION_FACTOR"));
        Topics topics = new Topics(prefix);
        Map<String, KafkaTopic> byName = new TreeMap<>();
        for (KafkaTopic t : r.all(KafkaTopic.class)) {
            String topicName = t.getSpec().getTopicName() == null ? t.getMetadata().getName() : t.getSpec().getTopicName();
            assertTrue(byName.put(topicName, t) == null, dir + ": two KafkaTopics for " + topicName);
        }
        Set<String> expected = Topics.ALL.stream().map(topics::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, byName.keySet(), dir + ": KafkaTopics vs io.sightline.contract.Topics.ALL");
        for (Topics.TopicSpec spec : Topics.ALL) {
            NewTopic want = TopicBootstrap.newTopic(topics.name(spec), spec, partitions, replicas);
            KafkaTopic t = byName.get(want.name());
            String what = dir + ": KafkaTopic " + want.name();
            assertEquals(want.numPartitions(), t.getSpec().getPartitions(), what + " partitions");
            assertEquals((int) want.replicationFactor(), t.getSpec().getReplicas(),
                    what + " replicas (vs SIGHTLINE_KAFKA_REPLICATION_FACTOR)");
            Map<String, Object> config = t.getSpec().getConfig();
            for (Map.Entry<String, String> e : spec.config().entrySet()) {
                assertEquals(e.getValue(), String.valueOf(config.get(e.getKey())), what + " " + e.getKey());
            }
            assertEquals(want.configs(), spec.config());
            if (spec.compacted()) {
                assertFalse(config.containsKey("retention.ms"), what + ": a compacted topic keeps the latest value per key");
            }
            if (Topics.MODELS.equals(spec.suffix())) {
                assertEquals("-1", String.valueOf(config.get("retention.ms")), what + " must be kept forever");
            }
            int isr = Integer.parseInt(String.valueOf(config.get("min.insync.replicas")));
            assertTrue(isr >= 1 && isr <= want.replicationFactor(), what + ": min.insync.replicas <= replicas");
            assertEquals(Renders.kafkaCluster(r), t.getMetadata().getLabels().get("strimzi.io/cluster"), what + ": cluster label");
        }
    }

    @Test
    void theDevKafkaIsKafka4InKraftModeWithTlsAndScramAndTheServicesFindIt() {
        Kustomize.Rendered r = Kustomize.render("overlays/dev");
        Renders.assertOne(r.all(Kafka.class), "one Kafka");
        Kafka kafka = r.all(Kafka.class).get(0);
        String version = kafka.getSpec().getKafka().getVersion();
        assertTrue(version.startsWith("4."), "Kafka 4.x, as current Strimzi runs: " + version);
        String majorMinor = version.substring(0, version.lastIndexOf('.'));
        assertTrue(kafka.getSpec().getKafka().getMetadataVersion().startsWith(majorMinor + "-"),
                "metadataVersion of " + majorMinor + ": " + kafka.getSpec().getKafka().getMetadataVersion());
        // The services keep kafka-clients 3.9 (Micronaut's platform); Kafka 4 serves clients from 2.1 on.
        assertTrue(Repo.pomProperty("kafka.version").startsWith("3.9."), "the README says which clients talk to Kafka 4");
        assertTrue(Repo.read(Repo.README).contains("kafka-clients " + Repo.pomProperty("kafka.version")),
                "deploy/README.md names the client version that talks to Kafka " + version);
        EntityOperatorSpec eo = kafka.getSpec().getEntityOperator();
        assertNotNull(eo.getTopicOperator(), "the topic operator manages the KafkaTopics");
        assertNotNull(eo.getUserOperator(), "the user operator manages the KafkaUsers");
        assertTrue(kafka.getSpec().getKafka().getAuthorization() instanceof KafkaAuthorizationSimple,
                "ACLs enforced (authorization simple)");

        Renders.assertOne(r.all(KafkaNodePool.class), "one KafkaNodePool");
        KafkaNodePool pool = r.all(KafkaNodePool.class).get(0);
        assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
        assertEquals(Set.of(ProcessRoles.CONTROLLER, ProcessRoles.BROKER), Set.copyOf(pool.getSpec().getRoles()),
                "KRaft: one dual-role pool, no ZooKeeper");
        int brokers = pool.getSpec().getReplicas();
        assertEquals(1, brokers, "single node");

        Map<String, String> cm = Renders.configMap(r, "sightline-config");
        String bootstrap = cm.get("KAFKA_BOOTSTRAP_SERVERS");
        int port = Integer.parseInt(bootstrap.replaceAll(".*:", ""));
        assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap:" + port, bootstrap,
                "the services' bootstrap servers are the Strimzi bootstrap service");
        GenericKafkaListener listener = kafka.getSpec().getKafka().getListeners().stream()
                .filter(l -> l.getPort() == port).findFirst().orElseThrow(() -> new AssertionError("no listener on " + port));
        assertTrue(listener.isTls(), "the services' listener uses TLS");
        assertTrue(listener.getAuth() instanceof KafkaListenerAuthenticationScramSha512, "SCRAM-SHA-512 logins");
        assertEquals(1, kafka.getSpec().getKafka().getListeners().size(), "no unauthenticated listener beside it");
        assertEquals("SASL_SSL", cm.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", cm.get("KAFKA_SASL_MECHANISM"));
        for (KafkaTopic topic : r.all(KafkaTopic.class)) {
            assertTrue(topic.getSpec().getReplicas() <= brokers, topic.getMetadata().getName() + ": more replicas than brokers");
        }
        assertEquals(String.valueOf(brokers), cm.get("SIGHTLINE_KAFKA_REPLICATION_FACTOR"));
    }

    /** One ACL rule as text: "topic sightline.images literal [Read, Write]". */
    static String rule(AclRule rule) {
        String resource;
        if (rule.getResource() instanceof AclRuleTopicResource t) {
            resource = "topic " + t.getName() + " " + pattern(t.getPatternType());
        } else if (rule.getResource() instanceof AclRuleGroupResource g) {
            resource = "group " + g.getName() + " " + pattern(g.getPatternType());
        } else if (rule.getResource() instanceof AclRuleTransactionalIdResource x) {
            resource = "transactionalId " + x.getName() + " " + pattern(x.getPatternType());
        } else if (rule.getResource() instanceof AclRuleClusterResource) {
            resource = "cluster";
        } else {
            throw new AssertionError("unexpected ACL resource " + rule.getResource());
        }
        return resource + " " + new TreeSet<>(rule.getOperations().stream().map(AclOperation::toValue).toList());
    }

    private static String pattern(AclResourcePatternType type) {
        return type == null ? "literal" : type.toValue();
    }

    /** A row of the Kafka table of docs/security.md: principal, resource, `name`, pattern, operations. */
    private static final Pattern ACL_ROW = Pattern.compile(
            "^\\| (\\w+) \\| (topic|group|transactional-id|cluster) \\| `([^`]+)` \\| (literal|prefixed) \\| ([A-Za-z, ]+) \\|$");

    /** The Kafka principals of docs/security.md that are Sightline's services (app is an application's own). */
    static final Set<String> SERVICE_PRINCIPALS = Set.of("ingest", "trainer", "inference");

    /**
     * The Kafka table of docs/security.md ("Kafka principals and ACLs"), in the form of {@link #rule}: principal
     * p becomes KafkaUser sightline-p, transactional-id Strimzi's transactionalId, prefixed Strimzi's prefix.
     */
    static Map<String, Set<String>> securityTableAcls() {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (String line : Repo.read(Repo.ROOT.resolve("docs/security.md")).lines().toList()) {
            Matcher row = ACL_ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String type = row.group(2).equals("transactional-id") ? "transactionalId" : row.group(2);
            String resource = type.equals("cluster") ? "cluster"
                    : type + " " + row.group(3) + " " + (row.group(4).equals("prefixed") ? "prefix" : "literal");
            Set<String> operations = new TreeSet<>(List.of(row.group(5).strip().split(",\\s*")));
            acls.computeIfAbsent("sightline-" + row.group(1), k -> new TreeSet<>()).add(resource + " " + operations);
        }
        return acls;
    }

    /**
     * What each KafkaUser may do: the services' rows of docs/security.md exactly, and KEDA's lag scaler, which
     * only describes the two groups it scales on and their topics (derived from the code's groups and topics).
     */
    static Map<String, Set<String>> expectedAcls() {
        Map<String, Set<String>> table = securityTableAcls();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String principal : SERVICE_PRINCIPALS) {
            Set<String> rules = table.get("sightline-" + principal);
            assertNotNull(rules, "docs/security.md has no Kafka ACL rows for " + principal + ": " + table.keySet());
            expected.put("sightline-" + principal, rules);
        }
        String lit = " literal ";
        String inferenceGroup = CONFIG.string("sightline.inference.group-id");
        expected.put("sightline-keda", Set.of(
                "topic " + TOPICS.classifyRequests() + lit + "[Describe]",
                "topic " + TOPICS.images() + lit + "[Describe]",
                "group " + inferenceGroup + lit + "[Describe]",
                "group " + embedGroupPrefix() + " prefix [Describe]",
                "cluster [Describe]"));
        return expected;
    }

    @Test
    void theSecurityTableNamesTheCodesTopicsGroupsAndTransactionalIds() {
        Map<String, Set<String>> table = securityTableAcls();
        // the table names what the code uses: the trainer's transactional id sightline-trainer-<model> (one per
        // model, shared by the replicas), the embedding groups, the inference group and its per-replica ids
        assertTrue(table.get("sightline-trainer").contains("transactionalId sightline-trainer- prefix [Write]"),
                "the trainer's transactional id sightline-trainer-<model>: " + table.get("sightline-trainer"));
        assertTrue(table.get("sightline-trainer").contains("group " + embedGroupPrefix() + " prefix [Read]"),
                "the embedding groups: " + table.get("sightline-trainer"));
        String inferenceGroup = CONFIG.string("sightline.inference.group-id");
        assertTrue(table.get("sightline-inference").contains("group " + inferenceGroup + " literal [Read]"),
                "the inference group: " + table.get("sightline-inference"));
        assertTrue(table.get("sightline-inference").contains("transactionalId " + inferenceGroup + "- prefix [Write]"),
                "the inference transactional ids <group-id>-<instance-id>: " + table.get("sightline-inference"));
        Set<String> topics = Topics.ALL.stream().map(TOPICS::name).collect(Collectors.toCollection(TreeSet::new));
        for (Set<String> rules : table.values()) {
            for (String rule : rules) {
                if (rule.startsWith("topic ")) {
                    String topic = rule.split(" ")[1];
                    assertTrue(topics.contains(topic), "docs/security.md names a topic the code does not have: " + rule);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka-users", "overlays/dev", "overlays/prod-example"})
    void eachServiceLogsInAsItsOwnKafkaUserWithTheAclsItNeeds(String dir) {
        Kustomize.Rendered r = Kustomize.render(dir);
        Map<String, Set<String>> acls = new TreeMap<>();
        for (KafkaUser user : r.all(KafkaUser.class)) {
            String what = dir + ": KafkaUser " + user.getMetadata().getName();
            assertTrue(user.getSpec().getAuthentication() instanceof KafkaUserScramSha512ClientAuthentication,
                    what + ": SCRAM-SHA-512");
            assertTrue(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple, what + ": ACLs");
            List<AclRule> rules = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            acls.put(user.getMetadata().getName(), rules.stream().map(KafkaAndKedaTest::rule).collect(Collectors.toSet()));
            assertEquals(Renders.kafkaCluster(r), user.getMetadata().getLabels().get("strimzi.io/cluster"), what);
        }
        assertEquals(new TreeMap<>(expectedAcls()), acls, dir + ": the KafkaUsers and their ACLs");
        if (dir.equals("kafka-users")) {
            return;
        }
        Map<String, String> loginOf = Map.of("ingest-service", "sightline-ingest", "trainer-head", "sightline-trainer",
                "trainer-embedder", "sightline-trainer", "inference-service", "sightline-inference");
        for (Deployment d : r.all(Deployment.class)) {
            String jaas = Renders.environment(r, Renders.serviceContainer(d), dir).get("KAFKA_SASL_JAAS_CONFIG").value();
            assertEquals("secret:" + loginOf.get(d.getMetadata().getName()) + "/sasl.jaas.config", jaas,
                    dir + " " + d.getMetadata().getName() + ": logs in as its own KafkaUser");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void kedaScalesOnTheLagOfTheRealConsumerGroupsAndLogsIn(Renders.Target t) {
        Kustomize.Rendered r = t.render();
        Kustomize.Rendered topicsRender = t.base() ? Kustomize.render("kafka-topics") : r;
        Map<String, Integer> partitions = new TreeMap<>();
        topicsRender.all(KafkaTopic.class).forEach(k -> partitions.put(k.getSpec().getTopicName(), k.getSpec().getPartitions()));
        Map<String, List<String>> expected = Map.of(
                "inference-service", List.of(CONFIG.string("sightline.inference.group-id"), TOPICS.classifyRequests()),
                "trainer-embedder", List.of(embedGroup(), TOPICS.images()));
        List<OperatorKinds.ScaledObject> scaled = r.all(OperatorKinds.ScaledObject.class);
        assertEquals(expected.keySet(), scaled.stream().map(s -> s.getSpec().scaleTargetRef().name()).collect(Collectors.toSet()),
                t + ": what KEDA scales");
        Map<String, String> cm = Renders.configMap(r, "sightline-config");
        for (OperatorKinds.ScaledObject so : scaled) {
            var spec = so.getSpec();
            String target = spec.scaleTargetRef().name();
            String what = t + ": ScaledObject " + so.getMetadata().getName();
            Deployment d = r.one(Deployment.class, target);
            assertEquals(1, spec.triggers().size(), what);
            OperatorKinds.Trigger trigger = spec.triggers().get(0);
            assertEquals("kafka", trigger.type(), what + ": scales on Kafka lag");
            OperatorKinds.KafkaScalerMetadata meta = trigger.metadata();
            assertEquals(expected.get(target).get(0), meta.consumerGroup(), what + " consumer group");
            assertEquals(expected.get(target).get(1), meta.topic(), what + " topic");
            Integer topicPartitions = partitions.get(meta.topic());
            assertNotNull(topicPartitions, what + ": no KafkaTopic " + meta.topic());
            int max = spec.maxReplicaCount();
            int min = spec.minReplicaCount();
            assertTrue(min >= 1 && min <= max, what + ": 1 <= minReplicaCount <= maxReplicaCount");
            assertTrue(max <= topicPartitions, what + ": maxReplicaCount " + max + " > " + topicPartitions
                    + " partitions of " + meta.topic() + " (idle consumers)");
            Map<String, String> env = Renders.values(Renders.environment(r, Renders.serviceContainer(d), what));
            assertNotNull(env.get(meta.bootstrapServersFromEnv()), what + ": bootstrapServersFromEnv "
                    + meta.bootstrapServersFromEnv() + " is not set on " + target);
            assertTrue(Long.parseLong(meta.lagThreshold()) > 0 && Long.parseLong(meta.activationLagThreshold()) >= 0, what);
            assertTrue(OperatorKinds.KafkaScalerMetadata.OFFSET_RESET.contains(meta.offsetResetPolicy()), what);
            assertEquals("earliest", meta.offsetResetPolicy(), what + ": the groups start at the earliest offset");
            // the login: the same protocol as the services, as the KafkaUser sightline-keda
            assertTrue(OperatorKinds.KafkaScalerMetadata.SASL.contains(meta.sasl()), what + ": sasl " + meta.sasl());
            assertEquals(cm.get("KAFKA_SASL_MECHANISM").toLowerCase().replace("scram-sha-", "scram_sha"), meta.sasl(), what + ": SASL mechanism");
            assertEquals(cm.get("KAFKA_SECURITY_PROTOCOL").endsWith("SSL") ? "enable" : "disable", meta.tls(), what + ": TLS");
            assertNotNull(trigger.authenticationRef(), what + ": a TriggerAuthentication logs KEDA in");
            OperatorKinds.TriggerAuthentication auth = r.one(OperatorKinds.TriggerAuthentication.class,
                    trigger.authenticationRef().name());
            Map<String, String> params = new TreeMap<>();
            auth.getSpec().secretTargetRef().forEach(ref -> {
                assertTrue(Renders.secretKeys(r, ref.name(), what).contains(ref.key()), what + ": " + ref);
                params.put(ref.parameter(), "secret:" + ref.name() + "/" + ref.key());
            });
            auth.getSpec().configMapTargetRef().forEach(ref -> params.put(ref.parameter(),
                    Renders.configMap(r, ref.name()).get(ref.key())));
            assertEquals(Set.of("username", "password", "ca"), params.keySet(), what + ": the parameters KEDA needs");
            assertEquals("secret:" + params.get("username") + "/password", params.get("password"),
                    what + ": the password of the KafkaUser named by username");
            assertTrue(expectedAcls().containsKey(params.get("username")), what + ": KEDA logs in as a KafkaUser");
            assertEquals("secret:" + Renders.kafkaCluster(r) + "-cluster-ca-cert/ca.crt", params.get("ca"), what + ": the cluster CA");
        }
    }
}
