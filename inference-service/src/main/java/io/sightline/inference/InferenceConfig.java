package io.sightline.inference;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.sightline.image.ImageLimits;
import io.sightline.inference.plan.PlanConfig;
import io.sightline.inference.plan.PlanSpace;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Settings of the inference service, {@code sightline.inference.*} in {@code application.yml}; every
 * key is also an environment variable (e.g. {@code SIGHTLINE_INFERENCE_PROVIDER},
 * {@code SIGHTLINE_INFERENCE_GROUP_ID}). Zero means "choose automatically" where noted.
 *
 * @param modelName          which model's versions to serve (the key of {@code sightline.models})
 * @param provider           {@code auto} (CUDA when it initialises, else CPU), {@code cpu} or {@code cuda}
 * @param intraOpThreads     ONNX Runtime threads per operator; 0 = all cores
 * @param cudaDeviceId       CUDA device
 * @param gpuMemLimitBytes   CUDA memory arena limit; 0 = ONNX Runtime's default (no limit)
 * @param layoutOptimization whether ONNX Runtime rewrites the model into its blocked CPU layouts (faster runs, a
 *                           slower opening); the quickstart turns it off for its few evaluation requests
 * @param maxBatch           pictures per model run, at most; 0 = 16 on CPU, 64 on CUDA. The run plan
 *                           ({@code sightline.inference.plan.*}, {@link PlanConfig}) measures batch sizes up to it
 * @param parallelRuns       model runs at once; 0 = chosen by measuring the run plans (without measuring: one per
 *                           core up to 4 on CPU, 1 on CUDA). On CPU the threads are shared out between the runs
 *                           that overlap; a run alone uses every core
 * @param decodeThreads      threads that fetch and decode pictures; 0 = min(4, cores)
 * @param queueCapacity      decoded pictures waiting for the model, at most
 * @param maxBytes           largest picture accepted, in bytes
 * @param maxPixels          largest picture accepted, width x height from the header
 * @param requestTimeout     how long a request (HTTP or Kafka) waits for its result before it is answered internal
 * @param startupModelWait   how long the Kafka consumer waits at start for the first model load
 * @param kafkaEnabled       whether to consume {@code classify.requests}
 * @param groupId            consumer group on {@code classify.requests}
 * @param instanceId         this replica's stable name; empty = $HOSTNAME (the pod name), else random
 * @param transactionalId    the producer's transactional.id; empty = groupId + "-" + instanceId
 * @param maxPollRecords     requests taken per poll (one transaction each)
 * @param maxPollInterval    the longest a poll's work may take before the group evicts this replica
 * @param sessionTimeout     how long a dead replica keeps its partitions
 * @param autoOffsetReset    where a new group starts: {@code earliest} (no request is lost) or {@code latest}
 * @param maxHttpInFlight   HTTP classify requests admitted at once; more are answered 429 {@code overloaded}
 * @param replyTopicPrefixes   the prefixes a request's {@code replyTopic} may start with (comma-separated in an
 *                           environment variable); any other reply topic is answered {@code bad_request} on the
 *                           shared results topic. The service needs WRITE and DESCRIBE on them (docs/apps.md)
 * @param readinessRequiresModel whether the readiness check (and so {@code /health}, which aggregates every
 *                           check) is DOWN until a model serves; false keeps it UP with "no model yet" details
 * @param allowedObjects     the {@code bucket/prefix} pairs a classify request may name; empty = the service's
 *                           bucket with {@code images/} (anything else is answered object_not_found)
 */
@ConfigurationProperties("sightline.inference")
public record InferenceConfig(
        @Bindable(defaultValue = "default") String modelName,
        @Bindable(defaultValue = "auto") String provider,
        @Bindable(defaultValue = "0") int intraOpThreads,
        @Bindable(defaultValue = "0") int cudaDeviceId,
        @Bindable(defaultValue = "0") long gpuMemLimitBytes,
        @Bindable(defaultValue = "true") boolean layoutOptimization,
        @Bindable(defaultValue = "0") int maxBatch,
        @Bindable(defaultValue = "0") int parallelRuns,
        @Bindable(defaultValue = "0") int decodeThreads,
        @Bindable(defaultValue = "256") int queueCapacity,
        @Bindable(defaultValue = "33554432") long maxBytes,
        @Bindable(defaultValue = "40000000") long maxPixels,
        @Bindable(defaultValue = "60s") Duration requestTimeout,
        @Bindable(defaultValue = "120s") Duration startupModelWait,
        @Bindable(defaultValue = "true") boolean kafkaEnabled,
        @Bindable(defaultValue = "sightline-inference") String groupId,
        @Bindable(defaultValue = "") String instanceId,
        @Bindable(defaultValue = "") String transactionalId,
        @Bindable(defaultValue = "256") int maxPollRecords,
        @Bindable(defaultValue = "300s") Duration maxPollInterval,
        @Bindable(defaultValue = "45s") Duration sessionTimeout,
        @Bindable(defaultValue = "earliest") String autoOffsetReset,
        @Bindable(defaultValue = "64") int maxHttpInFlight,
        @Bindable(defaultValue = DEFAULT_REPLY_TOPIC_PREFIX) List<String> replyTopicPrefixes,
        @Bindable(defaultValue = "true") boolean readinessRequiresModel,
        @Nullable List<String> allowedObjects) {

    public static final String DEFAULT_REPLY_TOPIC_PREFIX = "sightline.replies.";

    public InferenceConfig {
        if (maxBatch < 0 || parallelRuns < 0 || decodeThreads < 0 || queueCapacity < 1 || maxPollRecords < 1
                || maxHttpInFlight < 1) {
            throw new IllegalArgumentException("sightline.inference: max-batch, parallel-runs and decode-threads must be >= 0, "
                    + "queue-capacity, max-poll-records and max-http-in-flight >= 1");
        }
        replyTopicPrefixes = replyTopicPrefixes == null ? List.of(DEFAULT_REPLY_TOPIC_PREFIX) : List.copyOf(replyTopicPrefixes);
        if (replyTopicPrefixes.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("sightline.inference.reply-topic-prefixes: a prefix may not be empty "
                    + "(it would let a request write to any topic the service can)");
        }
    }

    public ExecutionProvider executionProvider() {
        try {
            return ExecutionProvider.valueOf(provider.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sightline.inference.provider must be auto, cpu or cuda, was '" + provider + "'", e);
        }
    }

    public SessionConfig sessionConfig() {
        return new SessionConfig(executionProvider(), intraOpThreads, cudaDeviceId, gpuMemLimitBytes, layoutOptimization);
    }

    public ImageLimits imageLimits() {
        return new ImageLimits(maxBytes, maxPixels);
    }

    /** The candidate plans for a model that runs on {@code used}, and the fixed rule's plan among them. */
    public PlanSpace planSpace(PlanConfig plan, ExecutionProvider used) {
        return PlanSpace.of(plan, used, sessionConfig().intraOpThreads(), maxBatch, parallelRuns);
    }

    /** Model runs the engine can ever have at once (its runner threads): the most any provider's plans ask. */
    public int maxParallelRuns(PlanConfig plan) {
        return Math.max(planSpace(plan, ExecutionProvider.CPU).maxParallelRuns(),
                planSpace(plan, ExecutionProvider.CUDA).maxParallelRuns());
    }

    public int decodeThreadCount() {
        return decodeThreads > 0 ? decodeThreads : Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** The configured instance id, else $HOSTNAME, else a random one (then transactions fence nothing across restarts). */
    public String resolvedInstanceId() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId.trim();
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        return "instance-" + UUID.randomUUID();
    }

    public String resolvedTransactionalId(String resolvedInstanceId) {
        if (transactionalId != null && !transactionalId.isBlank()) {
            return transactionalId.trim();
        }
        return groupId + "-" + resolvedInstanceId;
    }
}
