package io.sightline.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * Requests naming a {@code replyTopic} on the embedded broker: each result is committed exactly once on
 * the reply topic and never on the shared one; a reply topic outside the allowed prefixes, missing, or
 * not a topic name is answered {@code bad_request} on the shared results topic, and nothing else is written.
 */
class ReplyTopicTest {
    private static final int REQUESTS = 30;

    @Test
    void resultsGoToTheReplyTopicExactlyOnceAndRefusedOnesToTheSharedTopic() throws Exception {
        try (ServiceHarness harness = new ServiceHarness()) {
            String allowed = harness.prefix + "replies.";
            String replyTopic = allowed + "app-" + UUID.randomUUID();
            String otherReplyTopic = allowed + "other-" + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, harness.kafkaBootstrap))) {
                admin.createTopics(List.of(new NewTopic(replyTopic, 2, (short) 1), new NewTopic(otherReplyTopic, 1, (short) 1),
                        new NewTopic(harness.prefix + "elsewhere", 1, (short) 1))).all().get();
            }
            harness.publishModel(1);
            Map<String, Object> properties = new HashMap<>(harness.properties("reply-1"));
            properties.put("sightline.inference.reply-topic-prefixes", allowed);
            try (ApplicationContext ignored = ApplicationContext.run(properties)) {
                List<String> replied = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    replied.add(send(harness, TinyModels.LABELS.get(i % 3), i, replyTopic));
                }
                String notAllowed = send(harness, "red", 100, harness.prefix + "elsewhere");
                String missing = send(harness, "red", 101, allowed + "nobody-made-this");
                String notATopicName = send(harness, "red", 102, allowed + "no spaces/or slashes");
                String shared = send(harness, "blue", 103, null);
                List<String> everyRequest = new ArrayList<>(replied);
                everyRequest.addAll(List.of(notAllowed, missing, notATopicName, shared));

                ExactlyOnce.awaitAllOffsetsCommitted(harness);
                Map<String, List<ClassifyResult>> onReplyTopic = committed(harness, replyTopic);
                Map<String, List<ClassifyResult>> onSharedTopic = committed(harness, harness.topics.classifyResults());

                assertEquals(Set.copyOf(replied), onReplyTopic.keySet(), "the reply topic holds these results, and only them");
                for (String id : replied) {
                    List<ClassifyResult> results = onReplyTopic.get(id);
                    assertEquals(1, results.size(), "exactly one result for " + id);
                    assertTrue(results.get(0).isOk(), results.get(0).toString());
                }
                assertEquals(Set.of(notAllowed, missing, notATopicName, shared), onSharedTopic.keySet(),
                        "no replied request has a result on the shared topic");
                assertTrue(onSharedTopic.get(shared).get(0).isOk());
                assertRefused(onSharedTopic.get(notAllowed), "not allowed");
                assertRefused(onSharedTopic.get(missing), "does not exist");
                assertRefused(onSharedTopic.get(notATopicName), "replyTopic");
                assertTrue(committed(harness, otherReplyTopic).isEmpty(), "another app's reply topic gets nothing");
                assertEquals(everyRequest.size(), onReplyTopic.size() + onSharedTopic.size());
            }
        }
    }

    private static void assertRefused(List<ClassifyResult> results, String reason) {
        assertEquals(1, results.size());
        ClassifyResult result = results.get(0);
        assertEquals(ErrorCode.BAD_REQUEST, result.error().code(), result.toString());
        assertTrue(result.error().message().contains(reason), result.error().message());
    }

    /** Sends a request as an app would write it (the JSON of its own, so that a bad replyTopic still travels). */
    private static String send(ServiceHarness harness, String label, long seed, String replyTopic) {
        String id = UUID.randomUUID().toString();
        String picture = Base64.getEncoder().encodeToString(TinyModels.picture(label, seed));
        var request = Json.mapper().createObjectNode().put("requestId", id).put("imageBase64", picture);
        if (replyTopic != null) {
            request.put("replyTopic", replyTopic);
        }
        harness.send(id, Json.write(request));
        return id;
    }

    private static Map<String, List<ClassifyResult>> committed(ServiceHarness harness, String topic) {
        return io.sightline.testing.KafkaTestClients.readToEnd(harness.kafkaBootstrap, topic).stream()
                .map(record -> Json.read(record.value(), ClassifyResult.class))
                .collect(Collectors.groupingBy(ClassifyResult::requestId));
    }

}
