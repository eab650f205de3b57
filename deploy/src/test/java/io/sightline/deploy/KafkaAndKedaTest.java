package io.sightline.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sightline.contract.Topics;
import io.sightline.kafka.TopicBootstrap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Strimzi resources and KEDA ScaledObjects against the code (Topics.ALL, TopicBootstrap, consumer groups). */
class KafkaAndKedaTest {
    static final String STRIMZI = "kafka.strimzi.io/v1beta2";
    static final String KEDA = "keda.sh/v1alpha1";
    static final AppConfig CONFIG = AppConfig.load();

    /** The topic TopicBootstrap would create for a spec (the rule lives in one place). */
    static NewTopic codeTopic(Topics topics, Topics.TopicSpec spec, int partitions, short replicas) {
        return TopicBootstrap.newTopic(topics.name(spec), spec, partitions, replicas);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka-topics", "overlays/dev"})
    void kafkaTopicsAreExactlyTheTopicsOfTheCode(String dir) throws Exception {
        Kustomize.Rendered r = Kustomize.render(dir);
        // The ConfigMap of the app that goes with these topics (kafka-topics alone goes with base).
        Kustomize.Rendered app = dir.equals("kafka-topics") ? Kustomize.render("base") : r;
        Map<String, String> cm = app.one(ConfigMap.class, "sightline-config").getData();
        String prefix = cm.getOrDefault("SIGHTLINE_KAFKA_TOPIC_PREFIX", CONFIG.string("sightline.kafka.topic-prefix"));
        assertEquals(CONFIG.string("sightline.kafka.topic-prefix"), prefix, "topic prefix: ConfigMap vs application.yml");
        int partitions = Integer.parseInt(cm.getOrDefault("SIGHTLINE_KAFKA_PARTITIONS",
                CONFIG.string("sightline.kafka.partitions")));
        short replicas = Short.parseShort(cm.getOrDefault("SIGHTLINE_KAFKA_REPLICATION_FACTOR",
                CONFIG.string("sightline.kafka.replication-factor")));
        Topics topics = new Topics(prefix);

        Map<String, GenericKubernetesResource> byName = new TreeMap<>();
        for (GenericKubernetesResource t : r.custom(STRIMZI, "KafkaTopic")) {
            String topicName = String.valueOf(Kustomize.spec(t).getOrDefault("topicName", t.getMetadata().getName()));
            assertTrue(byName.put(topicName, t) == null, dir + ": two KafkaTopics for " + topicName);
        }
        Set<String> expected = Topics.ALL.stream().map(topics::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, byName.keySet(), dir + ": KafkaTopics vs io.sightline.contract.Topics.ALL");

        for (Topics.TopicSpec spec : Topics.ALL) {
            NewTopic want = codeTopic(topics, spec, partitions, replicas);
            GenericKubernetesResource t = byName.get(want.name());
            Map<String, Object> s = Kustomize.spec(t);
            String what = dir + ": KafkaTopic " + want.name();
            assertEquals(want.numPartitions(), ((Number) s.get("partitions")).intValue(), what + " partitions");
            assertEquals((int) want.replicationFactor(), ((Number) s.get("replicas")).intValue(),
                    what + " replicas (vs SIGHTLINE_KAFKA_REPLICATION_FACTOR)");
            Map<String, Object> config = Kustomize.map(s.get("config"), what + " config");
            for (Map.Entry<String, String> e : spec.config().entrySet()) {
                assertEquals(e.getValue(), String.valueOf(config.get(e.getKey())), what + " " + e.getKey());
            }
            assertEquals(want.configs(), spec.config());
            if (spec.compacted()) {
                assertFalse(config.containsKey("retention.ms"), what + ": a compacted topic keeps the latest value per key");
            }
            if (Topics.MODELS.equals(spec.suffix())) {
                // Services rebuild the serving model from this topic after a restart: never expire it.
                assertEquals("-1", String.valueOf(config.get("retention.ms")), what + " must be kept forever");
            }
            int isr = Integer.parseInt(String.valueOf(config.get("min.insync.replicas")));
            assertTrue(isr >= 1 && isr <= want.replicationFactor(), what + ": min.insync.replicas <= replicas");
            if (dir.equals("overlays/dev")) {
                String cluster = r.custom(STRIMZI, "Kafka").get(0).getMetadata().getName();
                assertEquals(cluster, t.getMetadata().getLabels().get("strimzi.io/cluster"), what + ": cluster label");
            } else {
                assertEquals("sightline", t.getMetadata().getLabels().get("strimzi.io/cluster"), what + ": cluster label");
            }
        }
    }

    @Test
    void theDevKafkaIsKraftWithANodePoolAndTheServicesFindIt() {
        Kustomize.Rendered r = Kustomize.render("overlays/dev");
        List<GenericKubernetesResource> kafkas = r.custom(STRIMZI, "Kafka");
        assertEquals(1, kafkas.size());
        GenericKubernetesResource kafka = kafkas.get(0);
        Map<String, String> annotations = kafka.getMetadata().getAnnotations();
        assertEquals("enabled", annotations.get("strimzi.io/kraft"));
        assertEquals("enabled", annotations.get("strimzi.io/node-pools"));
        Map<String, Object> spec = Kustomize.map(Kustomize.spec(kafka).get("kafka"), "spec.kafka");
        assertFalse(Kustomize.spec(kafka).containsKey("zookeeper"), "KRaft: no ZooKeeper");
        assertTrue(String.valueOf(spec.get("version")).startsWith("3.9."), "Kafka 3.9 like the clients (kafka.version)");
        assertTrue(Repo.pomProperty("kafka.version").startsWith("3.9."));
        assertTrue(Kustomize.spec(kafka).containsKey("entityOperator"), "the topic operator manages the KafkaTopics");

        List<GenericKubernetesResource> pools = r.custom(STRIMZI, "KafkaNodePool");
        assertEquals(1, pools.size());
        GenericKubernetesResource pool = pools.get(0);
        assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
        Map<String, Object> poolSpec = Kustomize.spec(pool);
        assertEquals(Set.of("controller", "broker"), Set.copyOf((List<?>) poolSpec.get("roles")));
        int brokers = ((Number) poolSpec.get("replicas")).intValue();
        assertEquals(1, brokers, "single node");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listeners = (List<Map<String, Object>>) spec.get("listeners");
        Map<String, Object> plain = listeners.stream().filter(l -> Boolean.FALSE.equals(l.get("tls"))
                && "internal".equals(l.get("type"))).findFirst().orElseThrow();
        String bootstrap = kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.get("port");
        assertEquals(bootstrap, ManifestsTest.configMap(r, "sightline-config").get("KAFKA_BOOTSTRAP_SERVERS"),
                "the services' bootstrap servers are the Strimzi bootstrap service");
        for (GenericKubernetesResource topic : r.custom(STRIMZI, "KafkaTopic")) {
            assertTrue(((Number) Kustomize.spec(topic).get("replicas")).intValue() <= brokers,
                    topic.getMetadata().getName() + ": more replicas than brokers");
        }
        assertEquals(String.valueOf(brokers), ManifestsTest.configMap(r, "sightline-config")
                .get("SIGHTLINE_KAFKA_REPLICATION_FACTOR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/gpu"})
    void kedaScalesOnTheLagOfTheRealConsumerGroups(String dir) throws Exception {
        Kustomize.Rendered r = Kustomize.render(dir);
        Kustomize.Rendered topicsRender = Kustomize.render(dir.equals("overlays/dev") ? "overlays/dev" : "kafka-topics");
        Map<String, Integer> partitions = new TreeMap<>();
        for (GenericKubernetesResource t : topicsRender.custom(STRIMZI, "KafkaTopic")) {
            partitions.put(String.valueOf(Kustomize.spec(t).get("topicName")),
                    ((Number) Kustomize.spec(t).get("partitions")).intValue());
        }
        Topics topics = new Topics(CONFIG.string("sightline.kafka.topic-prefix"));
        Map<String, String[]> expected = Map.of(
                "inference-service", new String[] {"sightline-inference", topics.classifyRequests()},
                "trainer-service", new String[] {CONFIG.string("sightline.trainer.embed-group")
                        .replace("${sightline.trainer.backbone}", CONFIG.string("sightline.trainer.backbone")), topics.images()});
        List<GenericKubernetesResource> scaled = r.custom(KEDA, "ScaledObject");
        assertEquals(expected.keySet(), scaled.stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet()));
        for (GenericKubernetesResource so : scaled) {
            Map<String, Object> spec = Kustomize.spec(so);
            String target = String.valueOf(Kustomize.map(spec.get("scaleTargetRef"), "scaleTargetRef").get("name"));
            Deployment d = r.one(Deployment.class, target);
            String what = dir + ": ScaledObject " + so.getMetadata().getName();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> triggers = (List<Map<String, Object>>) spec.get("triggers");
            assertEquals(1, triggers.size(), what);
            assertEquals("kafka", triggers.get(0).get("type"), what + ": scales on Kafka lag");
            Map<String, Object> meta = Kustomize.map(triggers.get(0).get("metadata"), what + " trigger metadata");
            String[] want = expected.get(target);
            assertNotNull(want, what + " targets " + target);
            assertEquals(want[0], meta.get("consumerGroup"), what + " consumer group");
            assertEquals(want[1], meta.get("topic"), what + " topic");
            Integer topicPartitions = partitions.get(want[1]);
            assertNotNull(topicPartitions, what + ": no KafkaTopic " + want[1]);
            int max = ((Number) spec.get("maxReplicaCount")).intValue();
            int min = ((Number) spec.get("minReplicaCount")).intValue();
            assertTrue(min >= 1 && min <= max, what + ": 1 <= minReplicaCount <= maxReplicaCount");
            assertTrue(max <= topicPartitions, what + ": maxReplicaCount " + max + " > " + topicPartitions
                    + " partitions of " + want[1] + " (idle consumers)");
            // the broker list comes from the target container's environment (one place to change it)
            String envName = String.valueOf(meta.get("bootstrapServersFromEnv"));
            Repo.Service service = Repo.Service.byModule(target);
            String bootstrap = ManifestsTest.environment(r, ManifestsTest.serviceContainer(d, service), what).get(envName);
            assertNotNull(bootstrap, what + ": bootstrapServersFromEnv " + envName + " is not set on " + target);
            Integer.parseInt(String.valueOf(meta.get("lagThreshold")));
            if (target.equals("trainer-service")) {
                // extra trainers only embed: the holder of partition 0 of the embedding group trains
                assertEquals(1, min, what + ": one trainer at rest");
            }
        }
    }
}
