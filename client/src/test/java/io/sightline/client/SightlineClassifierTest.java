package io.sightline.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sightline.contract.ClassifyResult;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ObjectRef;
import io.sightline.inference.TinyModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the real inference service on the embedded broker. */
class SightlineClassifierTest {
    private static ServiceSlice service;

    @BeforeAll
    static void start() {
        service = ServiceSlice.withModel();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void everyPictureIsAnsweredOnceOnTheReplyTopicAndNeverOnTheSharedOne() {
        String replyTopic = service.newReplyTopic();
        Map<String, CompletableFuture<ClassifyResult>> calls = new LinkedHashMap<>();
        try (SightlineClassifier classifier = new SightlineClassifier(service.settings(replyTopic).withTopK(2))) {
            for (int i = 0; i < 24; i++) {
                String label = TinyModels.LABELS.get(i % 3);
                calls.put(label + "-inline-" + i, classifier.classify(TinyModels.picture(label, i)));
            }
            for (String label : TinyModels.LABELS) {
                String key = "images/client-test/" + label;
                service.store.put(key, TinyModels.picture(label, 99), "image/png");
                calls.put(label + "-stored", classifier.classify(new ObjectRef(service.bucket, key)));
            }
            List<String> ids = new ArrayList<>();
            calls.forEach((name, call) -> {
                ClassifyResult result = call.join();
                assertTrue(result.isOk(), name + ": " + result);
                assertEquals(name.substring(0, name.indexOf('-')), result.label(), name);
                assertEquals(2, result.predictions().size());
                ids.add(result.requestId());
            });
            assertEquals(0, classifier.outstanding());
            Map<String, List<ClassifyResult>> onReplyTopic = Answers.on(service.bootstrap(), replyTopic);
            assertEquals(Set.copyOf(ids), onReplyTopic.keySet());
            onReplyTopic.forEach((id, results) -> assertEquals(1, results.size(), "results for " + id));
            assertTrue(Answers.on(service.bootstrap(), service.topics.classifyResults()).isEmpty(),
                    "nothing on the shared results topic");
        }
    }

    @Test
    void noMoreThanTheBoundWaitsForAnswers() {
        String replyTopic = service.newReplyTopic();
        try (SightlineClassifier classifier = new SightlineClassifier(service.settings(replyTopic).withMaxOutstanding(2))) {
            List<CompletableFuture<ClassifyResult>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(classifier.classify(TinyModels.picture("green", i)));
                assertTrue(classifier.outstanding() <= 2, "outstanding: " + classifier.outstanding());
            }
            calls.forEach(call -> assertEquals("green", call.join().label()));
        }
    }

    @Test
    void aCallWithoutAnswerFailsAtItsDeadline() {
        String replyTopic = service.newReplyTopic();
        // Requests to a topic nobody reads are never answered.
        String unread = service.newReplyTopic();
        ClassifierSettings settings = service.settings(replyTopic).withRequestTopic(unread)
                .withDeadline(Duration.ofSeconds(2));
        try (SightlineClassifier classifier = new SightlineClassifier(settings)) {
            CompletableFuture<ClassifyResult> call = classifier.classify(TinyModels.picture("red", 1));
            CompletionException failed = assertThrows(CompletionException.class, call::join);
            assertInstanceOf(TimeoutException.class, failed.getCause());
            await().atMost(Duration.ofSeconds(10)).until(() -> classifier.outstanding() == 0);
        }
    }

    @Test
    void aMissingReplyTopicIsSaidAtOnce() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new SightlineClassifier(service.settings(service.replyPrefix + "never-created")));
        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
    }

    @Test
    void retriableAnswersAreSentAgainUntilOneIsFinal() {
        try (ServiceSlice noModelYet = ServiceSlice.withoutModel()) {
            String replyTopic = noModelYet.newReplyTopic();
            ClassifierSettings settings = noModelYet.settings(replyTopic).withRetries(1000, Duration.ofMillis(200))
                    .withDeadline(Duration.ofSeconds(90));
            try (SightlineClassifier classifier = new SightlineClassifier(settings)) {
                CompletableFuture<ClassifyResult> call = classifier.classify(TinyModels.picture("blue", 5));
                // The service answers no_model (retriable) first; the client keeps asking.
                await().atMost(Duration.ofSeconds(60)).until(() -> !Answers.on(noModelYet.bootstrap(), replyTopic).isEmpty());
                noModelYet.publishModel();
                ClassifyResult result = call.join();
                assertTrue(result.isOk(), result.toString());
                assertEquals("blue", result.label());
                List<ClassifyResult> answers = Answers.on(noModelYet.bootstrap(), replyTopic).get(result.requestId());
                assertTrue(answers.size() >= 2, "answered no_model first, then ok: " + answers);
                answers.subList(0, answers.size() - 1).forEach(early ->
                        assertEquals(ErrorCode.NO_MODEL, early.error().code(), early.toString()));
            }
        }
    }
}
