package io.sightline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sightline.contract.ImageIds;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.Topics;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.testing.TestInfra;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many uploads of one picture at the same moment, to one replica and to two replicas of the ingest
 * service (two services on the same topics and bucket): one answer each, exactly one {@code added}, and
 * the answers tell the story the images log tells.
 */
class ConcurrentIngestTest {
    private static final int COPIES = 20;
    private static ApplicationContext replicaA;
    private static ApplicationContext replicaB;
    private static IngestClient a;
    private static IngestClient b;
    private static TestInfra infra;
    private static Topics topics;

    @BeforeAll
    static void start() {
        infra = TestInfra.get();
        String prefix = infra.uniquePrefix();
        String bucket = infra.uniqueBucket();
        replicaA = ApplicationContext.run(EmbeddedServer.class, replica(prefix, bucket)).getApplicationContext();
        replicaB = ApplicationContext.run(EmbeddedServer.class, replica(prefix, bucket)).getApplicationContext();
        a = IngestClient.of(replicaA);
        b = IngestClient.of(replicaB);
        topics = new Topics(prefix);
    }

    /** One replica's settings (its own ports), with room for every upload of a burst: this test is about exact answers, not admission (IngestServiceTest). */
    private static Map<String, Object> replica(String prefix, String bucket) {
        Map<String, Object> properties = new HashMap<>(infra.micronautProperties(prefix, bucket));
        properties.put("sightline.ingest.max-uploads-in-flight", 64);
        return properties;
    }

    @AfterAll
    static void stop() {
        replicaA.close();
        replicaB.close();
    }

    @Test
    void twentyCopiesAtOnceToOneReplicaAreOneAddedNineteenDuplicatesAndOneEvent() {
        byte[] picture = TestImages.png(Color.ORANGE, 90, 70, 501);
        String imageId = ImageIds.of(picture);

        List<Answer> answers = atOnce(COPIES, i -> a.upload(picture, "cat", "cat-" + i + ".png"));

        assertEquals(1, count(answers, "added", 201), answers::toString);
        assertEquals(COPIES - 1, count(answers, "duplicate", 200), answers::toString);
        List<LabelledImage> events = events(imageId);
        assertEquals(1, events.size(), "one replica publishes only the upload that added the picture: " + events);
        assertEquals("cat", events.get(0).label());
    }

    @Test
    void copiesOfTenPicturesAtOnceOnTwoReplicasAreTenAddedAndTheRestDuplicates() {
        List<byte[]> pictures = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            pictures.add(TestImages.jpeg(new Color(20 * p, 200 - 10 * p, 90), 64, 48, 600 + p));
        }
        int perPicture = 4;

        List<Answer> answers = atOnce(pictures.size() * perPicture, i -> (i % 2 == 0 ? a : b)
                .upload(pictures.get(i % pictures.size()), "dog", "dog-" + i + ".jpg"));

        Map<String, List<Answer>> byPicture = answers.stream().collect(Collectors.groupingBy(Answer::imageId));
        assertEquals(pictures.size(), byPicture.size());
        byPicture.forEach((imageId, mine) -> {
            assertEquals(1, count(mine, "added", 201), imageId + ": " + mine);
            assertEquals(perPicture - 1, count(mine, "duplicate", 200), imageId + ": " + mine);
            List<LabelledImage> events = events(imageId);
            assertTrue(!events.isEmpty() && events.size() <= 2, "at most one event per replica: " + events);
            assertTrue(events.stream().allMatch(e -> e.label().equals("dog")), events::toString);
        });
    }

    /**
     * The rule: the upload whose record comes later in the images log relabels. Whatever the timing,
     * one picture ends with one label, the last record's, on both replicas; exactly one answer is
     * {@code added}; each relabel answer names the label it replaced, and the relabels the clients were
     * told of are exactly the label changes in the log.
     */
    @Test
    void twoLabelsAtOnceOnTwoReplicasEndWithTheLastRecordsLabelAndEveryClientIsToldWhatItsUploadDid() {
        byte[] picture = TestImages.png(Color.PINK, 50, 80, 701);
        String imageId = ImageIds.of(picture);

        List<Answer> answers = atOnce(COPIES, i -> (i % 2 == 0 ? a : b)
                .upload(picture, i % 4 < 2 ? "left" : "right", "p-" + i + ".png"));

        assertEquals(1, count(answers, "added", 201), answers::toString);
        List<LabelledImage> events = events(imageId);
        List<String> logRelabels = new ArrayList<>();
        for (int i = 1; i < events.size(); i++) {
            if (!events.get(i).label().equals(events.get(i - 1).label())) {
                logRelabels.add(events.get(i - 1).label() + "->" + events.get(i).label());
            }
        }
        List<String> toldRelabels = answers.stream().filter(answer -> answer.outcome().equals("relabelled"))
                .map(answer -> answer.previousLabel() + "->" + answer.label()).sorted().toList();
        assertEquals(logRelabels.stream().sorted().toList(), toldRelabels, "answers " + answers + ", log " + events);
        assertTrue(answers.stream().filter(answer -> answer.outcome().equals("relabelled")).allMatch(answer ->
                answer.status() == 201), answers::toString);
        String finalLabel = events.get(events.size() - 1).label();
        for (IngestClient replica : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> IngestClient.json(replica.get("/api/images?label="
                    + finalLabel + "&size=500")).path("items").findValuesAsText("imageId").contains(imageId));
            assertEquals(finalLabel, labelOn(replica, imageId));
        }
    }

    private static String labelOn(IngestClient replica, String imageId) {
        for (String label : List.of("left", "right")) {
            JsonNode page = IngestClient.json(replica.get("/api/images?label=" + label + "&size=500"));
            if (page.path("items").findValuesAsText("imageId").contains(imageId)) {
                return label;
            }
        }
        return null;
    }

    /** The answer to one upload. */
    private record Answer(int status, String imageId, String label, String outcome, String previousLabel) {
        static Answer of(HttpResponse<String> response) {
            JsonNode body = IngestClient.json(response);
            String told = body.path("duplicate").asBoolean() ? "duplicate"
                    : body.path("relabelled").asBoolean() ? "relabelled" : "added";
            return new Answer(response.statusCode(), body.path("imageId").asText(), body.path("label").asText(),
                    body.path("outcome").asText(told), body.path("previousLabel").asText(null));
        }
    }

    private static long count(List<Answer> answers, String outcome, int status) {
        return answers.stream().filter(answer -> answer.outcome().equals(outcome) && answer.status() == status).count();
    }

    /** Runs {@code count} uploads released at the same moment, one thread each; their answers. */
    private static List<Answer> atOnce(int count, Function<Integer, HttpResponse<String>> upload) {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return Answer.of(upload.apply(index));
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The events for {@code imageId} in the images topic, in log order (one key: one partition). */
    private static List<LabelledImage> events(String imageId) {
        return KafkaTestClients.readToEnd(infra.kafkaBootstrap(), topics.images()).stream()
                .filter(r -> imageId.equals(r.key()) && r.value() != null)
                .map(r -> Json.read(r.value(), LabelledImage.class))
                .toList();
    }
}
