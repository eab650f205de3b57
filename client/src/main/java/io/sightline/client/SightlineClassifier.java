package io.sightline.client;

import io.sightline.concurrent.Pause;
import io.sightline.concurrent.Threads;
import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ClassifyResult;
import io.sightline.contract.Json;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.Topics;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Classifies pictures through Sightline's Kafka topics: each {@code classify} sends one
 * {@link ClassifyRequest} naming this app's reply topic and completes with the {@link ClassifyResult}
 * that answers it there (matched by requestId; the service writes exactly one per request).
 *
 * <ul>
 *   <li><b>Deadline</b>: a call that has no final answer within {@link ClassifierSettings#deadline()}
 *   fails with a {@link TimeoutException} (a late answer is then ignored).</li>
 *   <li><b>Back-pressure</b>: at most {@link ClassifierSettings#maxOutstanding()} requests wait for
 *   answers; {@code classify} blocks the caller until there is room (or fails at its deadline).</li>
 *   <li><b>Retries</b>: an answer marked {@code retriable} ({@code no_model}, {@code unavailable},
 *   {@code overloaded}) is not final: the same request is sent again after a doubling pause, up to
 *   {@link ClassifierSettings#maxAttempts()} sends within the deadline; the last answer is returned.</li>
 * </ul>
 *
 * <p>The reply topic is read from its end as it was when the classifier started (read_committed, no
 * consumer group): answers to requests of an earlier run are not seen. Several classifiers may share a
 * reply topic; each ignores answers it did not ask for. Futures complete on the common fork-join pool.
 * Thread-safe; close it to stop its two threads and its Kafka clients.
 */
public final class SightlineClassifier implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ClassifierSettings settings;
    private final Producer<String, byte[]> producer;
    private final Consumer<String, byte[]> consumer;
    private final Semaphore room;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
            Threads.singleDaemonFactory("sightline-client-timer"));
    private final Thread reader;
    private volatile boolean open = true;

    /** Connects and starts reading the reply topic; fails at once when the reply topic does not exist. */
    public SightlineClassifier(ClassifierSettings settings) {
        this.settings = settings;
        this.room = new Semaphore(settings.maxOutstanding());
        timer.setRemoveOnCancelPolicy(true);
        this.producer = new KafkaProducer<>(producerSettings(settings), new StringSerializer(), new ByteArraySerializer());
        try {
            this.consumer = new KafkaConsumer<>(consumerSettings(settings), new StringDeserializer(),
                    new ByteArrayDeserializer());
            startAtTheEnd(consumer, settings.replyTopic());
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            timer.shutdownNow();
            throw e;
        }
        this.reader = Threads.daemon("sightline-client-replies", this::readReplies);
        reader.start();
    }

    /** Classifies a picture sent inline (at most {@link ClassifyRequest#MAX_INLINE_BYTES} bytes). */
    public CompletableFuture<ClassifyResult> classify(byte[] picture) {
        if (picture.length > ClassifyRequest.MAX_INLINE_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the picture is " + picture.length
                    + " bytes; at most " + ClassifyRequest.MAX_INLINE_BYTES + " travel inline: store it in S3 and send "
                    + "its reference"));
        }
        return classify(new ClassifyRequest(newId(), null, Base64.getEncoder().encodeToString(picture), settings.topK(),
                settings.replyTopic()));
    }

    /** Classifies a picture the service reads from the object store. */
    public CompletableFuture<ClassifyResult> classify(ObjectRef picture) {
        return classify(new ClassifyRequest(newId(), picture, null, settings.topK(), settings.replyTopic()));
    }

    /**
     * Sends a request of the app's own making (its requestId, topK); its {@code replyTopic} must be this
     * classifier's. A requestId already waiting for its answer is refused.
     */
    public CompletableFuture<ClassifyResult> classify(ClassifyRequest request) {
        if (!settings.replyTopic().equals(request.replyTopic())) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "the request's replyTopic must be this classifier's, " + settings.replyTopic()));
        }
        if (!open) {
            return CompletableFuture.failedFuture(new IllegalStateException("the classifier is closed"));
        }
        long deadline = System.nanoTime() + settings.deadline().toNanos();
        try {
            if (!room.tryAcquire(settings.deadline().toNanos(), TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(new TimeoutException("no room within " + settings.deadline() + ": "
                        + settings.maxOutstanding() + " requests are waiting for their answers"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        Pending call = new Pending(request, deadline);
        if (pending.putIfAbsent(request.requestId(), call) != null) {
            room.release();
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "requestId " + request.requestId() + " is already waiting for its answer"));
        }
        // The caller's future is this one, completed after the bookkeeping: when a call is answered it is no
        // longer outstanding and its room is free (a copy of call.future could complete first).
        CompletableFuture<ClassifyResult> answered = call.future.whenComplete((result, error) -> {
            pending.remove(request.requestId(), call);
            room.release();
            ScheduledFuture<?> timeout = call.timeout;
            if (timeout != null) {
                timeout.cancel(false);
            }
        });
        call.timeout = timer.schedule(() -> call.future.completeExceptionally(new TimeoutException("no answer to "
                + request.requestId() + " within " + settings.deadline())), settings.deadline().toNanos(), TimeUnit.NANOSECONDS);
        send(call);
        return answered;
    }

    /** Requests sent and not answered yet. */
    public int outstanding() {
        return pending.size();
    }

    private void send(Pending call) {
        call.attempts++;
        ClassifyRequest request = call.request;
        producer.send(new ProducerRecord<>(settings.requestTopic(), request.requestId(), Json.write(request)),
                (metadata, error) -> {
                    if (error != null) {
                        call.future.completeExceptionally(error);
                    }
                });
    }

    private void readReplies() {
        try {
            while (open) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    answer(record.value());
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            failAll(new IllegalStateException("reading " + settings.replyTopic() + " failed: " + e, e));
        } finally {
            consumer.close(CLOSE_WAIT);
        }
    }

    private void answer(byte[] value) {
        ClassifyResult result;
        try {
            result = Json.read(value, ClassifyResult.class);
        } catch (IllegalArgumentException e) {
            return; // not a result: not ours to judge
        }
        Pending call = pending.get(result.requestId());
        if (call == null) {
            return; // another classifier's, or answered already
        }
        if (!result.isOk() && result.error().retriable() && call.attempts < settings.maxAttempts()) {
            Duration pause = Pause.backoff(settings.retryBackoff(), MAX_BACKOFF, call.attempts - 1);
            if (call.deadline - System.nanoTime() > pause.toNanos()) {
                timer.schedule(() -> {
                    if (!call.future.isDone()) {
                        send(call);
                    }
                }, pause.toNanos(), TimeUnit.NANOSECONDS);
                return;
            }
        }
        call.future.completeAsync(() -> result);
    }

    private void failAll(RuntimeException error) {
        List.copyOf(pending.values()).forEach(call -> call.future.completeExceptionally(error));
    }

    /** Stops reading; calls still waiting fail with an {@link IllegalStateException}. */
    @Override
    public void close() {
        open = false;
        consumer.wakeup();
        try {
            reader.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        failAll(new IllegalStateException("the classifier was closed before the answer came"));
        producer.close(CLOSE_WAIT);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static void startAtTheEnd(Consumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            consumer.close(Duration.ZERO);
            throw new IllegalArgumentException("reply topic " + topic + " does not exist (or this app may not read it)");
        }
        List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fixes the start before the first request goes out
    }

    private static Map<String, Object> producerSettings(ClassifierSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafka());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_REQUEST_BYTES);
        // A send waits for metadata or buffer room at most as long as a call may take in all.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.deadline().toMillis());
        return config;
    }

    private static Map<String, Object> consumerSettings(ClassifierSettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafka());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    /** One call: its request, when it gives up, how often it was sent. */
    private static final class Pending {
        final ClassifyRequest request;
        final long deadline;
        final CompletableFuture<ClassifyResult> future = new CompletableFuture<>();
        volatile int attempts;
        volatile ScheduledFuture<?> timeout;

        Pending(ClassifyRequest request, long deadline) {
            this.request = request;
            this.deadline = deadline;
        }
    }
}
