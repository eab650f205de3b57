package io.sightline.cli.quickstart;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Prediction;
import io.sightline.contract.Topics;
import io.sightline.kafka.KafkaClients;
import io.sightline.metrics.Evaluation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Evaluates the promoted model the way an app would use it: one classify request per held-out
 * picture on {@code sightline.classify.requests}, results read (read_committed) from
 * {@code sightline.classify.results}.
 */
public final class InferenceEvaluation {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final String bootstrap;
    private final Topics topics;

    public InferenceEvaluation(String bootstrap, Topics topics) {
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /** A held-out picture. */
    public record TestPicture(String imageId, String source, String label, ObjectRef object) {
    }

    /** The evaluation, each picture's top prediction, and each picture's whole result. */
    public record Outcome(Evaluation evaluation, Map<String, Prediction> topByImageId, int modelVersion,
                          Map<String, ClassifyResult> resultByImageId) {
    }

    /** Every picture classified through the service, evaluated against its label. */
    public Outcome evaluate(List<TestPicture> pictures, List<String> labels) {
        Map<String, TestPicture> byRequest = new HashMap<>();
        return toOutcome(classify(pictures, labels.size(), byRequest), byRequest, labels);
    }

    /** Each picture's result from the service (every label's probability asked for), by imageId; errors thrown. */
    public Map<String, ClassifyResult> classify(List<TestPicture> pictures, int labels) {
        Map<String, TestPicture> byRequest = new HashMap<>();
        Map<String, ClassifyResult> byImageId = new HashMap<>();
        classify(pictures, labels, byRequest).forEach((requestId, result) -> {
            TestPicture picture = byRequest.get(requestId);
            if (!result.isOk()) {
                throw new IllegalStateException(picture.source() + ": " + result.error().message());
            }
            byImageId.put(picture.imageId(), result);
        });
        return byImageId;
    }

    private Map<String, ClassifyResult> classify(List<TestPicture> pictures, int labels, Map<String, TestPicture> byRequest) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        KafkaConsumer<String, byte[]> consumer = resultsFromNow();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.plaintext(bootstrap).producer("sightline-quickstart", null)) {
            for (TestPicture picture : pictures) {
                String requestId = "quickstart-" + run + "-" + byRequest.size();
                byRequest.put(requestId, picture);
                ClassifyRequest request = new ClassifyRequest(requestId, picture.object(), null, labels);
                producer.send(new ProducerRecord<>(topics.classifyRequests(), requestId, Json.write(request)));
            }
            producer.flush();
            return collect(consumer, byRequest);
        } finally {
            consumer.close(Duration.ZERO); // no group to leave, every answer read: no fetch in flight to wait for
        }
    }

    private Map<String, ClassifyResult> collect(KafkaConsumer<String, byte[]> consumer, Map<String, TestPicture> byRequest) {
        Map<String, ClassifyResult> results = new HashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (results.size() < byRequest.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the inference service answered " + results.size() + " of "
                        + byRequest.size() + " requests within " + TIMEOUT.toMinutes() + " minutes");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (byRequest.containsKey(record.key())) {
                    results.put(record.key(), Json.read(record.value(), ClassifyResult.class));
                }
            }
        }
        return results;
    }

    private static Outcome toOutcome(Map<String, ClassifyResult> results, Map<String, TestPicture> byRequest,
                                     List<String> labels) {
        List<String> ids = new ArrayList<>(byRequest.keySet());
        ids.sort(String::compareTo);
        int[] truth = new int[ids.size()];
        double[][] probabilities = new double[ids.size()][labels.size()];
        List<String> itemIds = new ArrayList<>();
        Map<String, Prediction> top = new HashMap<>();
        Map<String, ClassifyResult> byImageId = new HashMap<>();
        int version = 0;
        for (int i = 0; i < ids.size(); i++) {
            TestPicture picture = byRequest.get(ids.get(i));
            ClassifyResult result = results.get(ids.get(i));
            if (!result.isOk()) {
                throw new IllegalStateException(picture.source() + ": " + result.error().message());
            }
            version = Math.max(version, result.modelVersion());
            truth[i] = labels.indexOf(picture.label());
            for (Prediction prediction : result.predictions()) {
                int index = labels.indexOf(prediction.label());
                if (index >= 0) {
                    probabilities[i][index] = prediction.probability();
                }
            }
            itemIds.add(picture.imageId());
            top.put(picture.imageId(), result.predictions().get(0));
            byImageId.put(picture.imageId(), result);
        }
        return new Outcome(Evaluation.of(labels, truth, probabilities, itemIds), top, version, byImageId);
    }

    /**
     * A reader of the results topic (read_committed, no consumer group: no join to wait for) placed at its end before
     * the first request is sent, so that it reads every answer to come and none of the topic's past.
     */
    private KafkaConsumer<String, byte[]> resultsFromNow() {
        KafkaConsumer<String, byte[]> consumer = KafkaClients.plaintext(bootstrap).consumer(Map.of());
        try {
            KafkaClients.startAtTheEnd(consumer, topics.classifyResults(), TIMEOUT);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }
}
