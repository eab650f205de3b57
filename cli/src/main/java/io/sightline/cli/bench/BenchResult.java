package io.sightline.cli.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code sightline bench --json FILE} writes. A stage that was not run is absent from the JSON.
 *
 * @param machine   where it ran
 * @param backbone  the backbone measured (id, pretrained)
 * @param bareOrt   step 1: the end-to-end model on ready tensors
 * @param decode    step 2: decode + preprocess on one thread
 * @param endToEnd  step 3: over Kafka at saturating concurrency
 * @param lowLoad   step 3: one request at a time against the model alone
 * @param train     step 4: head training on synthetic embeddings
 * @param retrain   step 4: one new picture to the new version served
 * @param memory    step 5: the process
 * @param targets   each target of the issue, measured
 * @param bareOrtInt8 step 1b: the model with its backbone in int8 ({@code --precision int8}), like step 1
 * @param endToEndInt8 step 3b: the int8 model served, at saturating concurrency like step 3
 * @param int8Accuracy step 1b: the int8 model against the fp32 one on the bench pictures
 * @param runPlans  step 1c and 3: the run plan the service's planner chose, with every candidate's images/s: bare
 *                  for the fp32 (and int8) model, and what the service chose for the model it served end to end
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchResult(Machine machine, Backbone backbone, BareOrt bareOrt, Decode decode, EndToEnd endToEnd,
                          LowLoad lowLoad, Train train, Retrain retrain, Memory memory, List<TargetCheck> targets,
                          BareOrt bareOrtInt8, EndToEndInt8 endToEndInt8, Int8Accuracy int8Accuracy,
                          List<RunPlanResult> runPlans, Embedding embedding) {

    /** Without the embedding stage. */
    public BenchResult(Machine machine, Backbone backbone, BareOrt bareOrt, Decode decode, EndToEnd endToEnd,
                       LowLoad lowLoad, Train train, Retrain retrain, Memory memory, List<TargetCheck> targets,
                       BareOrt bareOrtInt8, EndToEndInt8 endToEndInt8, Int8Accuracy int8Accuracy,
                       List<RunPlanResult> runPlans) {
        this(machine, backbone, bareOrt, decode, endToEnd, lowLoad, train, retrain, memory, targets, bareOrtInt8,
                endToEndInt8, int8Accuracy, runPlans, null);
    }

    /** Without the run plans. */
    public BenchResult(Machine machine, Backbone backbone, BareOrt bareOrt, Decode decode, EndToEnd endToEnd,
                       LowLoad lowLoad, Train train, Retrain retrain, Memory memory, List<TargetCheck> targets,
                       BareOrt bareOrtInt8, EndToEndInt8 endToEndInt8, Int8Accuracy int8Accuracy) {
        this(machine, backbone, bareOrt, decode, endToEnd, lowLoad, train, retrain, memory, targets, bareOrtInt8,
                endToEndInt8, int8Accuracy, null);
    }

    /** Without the int8 stage. */
    public BenchResult(Machine machine, Backbone backbone, BareOrt bareOrt, Decode decode, EndToEnd endToEnd,
                       LowLoad lowLoad, Train train, Retrain retrain, Memory memory, List<TargetCheck> targets) {
        this(machine, backbone, bareOrt, decode, endToEnd, lowLoad, train, retrain, memory, targets, null, null, null, null);
    }

    /** The same result with {@code checks} as its targets. */
    public BenchResult withTargets(List<TargetCheck> checks) {
        return new BenchResult(machine, backbone, bareOrt, decode, endToEnd, lowLoad, train, retrain, memory, checks,
                bareOrtInt8, endToEndInt8, int8Accuracy, runPlans, embedding);
    }

    /** Cores, CPU, ONNX Runtime and the load average (1, 5, 15 min) at the start and end of the run. */
    public record Machine(int cores, String cpuModel, String ortVersion, String provider, String javaVersion,
                          String loadAverageStart, String loadAverageEnd) {
    }

    /** {@code pretrained}: true, false or "unknown"; {@code precision}: fp32, or int8 for resnet50-int8. */
    public record Backbone(String id, io.sightline.contract.Pretrained pretrained, String precision) {
    }

    /** Latency percentiles in milliseconds. */
    public record Latency(double p50, double p95, double p99) {
        static Latency of(Percentiles p) {
            return new Latency(Rate.round(p.p50(), 2), Rate.round(p.p95(), 2), Rate.round(p.p99(), 2));
        }
    }

    /** A median in milliseconds. */
    public record Median(double p50) {
    }

    /** The best batch (the reference of the run), and every batch size measured. */
    public record BareOrt(double imagesPerSecond, int batchSize, List<BareOrtBatch> batches) {
    }

    /** One batch size: throughput and the latency of one {@code run}. */
    public record BareOrtBatch(int batchSize, double imagesPerSecond, int runs, Latency latencyMs) {
    }

    /** Pictures per second on one thread over the whole set (each picture once per round), and per picture. */
    public record Decode(double imagesPerSecondPerCore, List<DecodedPicture> pictures) {
    }

    public record DecodedPicture(String name, int width, int height, double megapixels, long bytes,
                                 double msPerPicture, double imagesPerSecond) {
    }

    /**
     * Kafka requests at saturating concurrency.
     *
     * @param latencyMs             send to result read (read_committed)
     * @param serviceLatencyMs      the service's own latencyMs: request received to result ready
     * @param ratioToBareOrt        images/s divided by the bare ONNX Runtime reference of the same run
     * @param meanBatch             pictures per ONNX Runtime run in the service
     * @param modelBusyFraction     share of the run's wall time the service spent inside ONNX Runtime
     * @param modelImagesPerSecond  pictures per second while inside ONNX Runtime
     * @param compilerCores         JIT compilers' elapsed time per second of the measured window (an upper bound
     *                              of the cores they took; 0 when warm)
     */
    public record EndToEnd(double imagesPerSecond, Latency latencyMs, Latency serviceLatencyMs, int concurrency,
                           int requests, int errors, double seconds, double ratioToBareOrt, int maxBatch,
                           double meanBatch, double modelBusyFraction, double modelImagesPerSecond, String pictures,
                           double compilerCores, CpuPerPicture cpuPerPicture) {
        /** Without the CPU breakdown (a platform whose threads cannot be read). */
        public EndToEnd(double imagesPerSecond, Latency latencyMs, Latency serviceLatencyMs, int concurrency,
                        int requests, int errors, double seconds, double ratioToBareOrt, int maxBatch,
                        double meanBatch, double modelBusyFraction, double modelImagesPerSecond, String pictures,
                        double compilerCores) {
            this(imagesPerSecond, latencyMs, serviceLatencyMs, concurrency, requests, errors, seconds, ratioToBareOrt,
                    maxBatch, meanBatch, modelBusyFraction, modelImagesPerSecond, pictures, compilerCores, null);
        }
    }

    /**
     * CPU milliseconds per picture in the measured window, by thread group ({@code ThreadCpu.Group}: model;
     * the service's decode, requestLoop, objectStoreClient, review; the infrastructure's kafkaBroker,
     * objectStoreServer, otherServices; benchClient, jit, gcAndVm, unattributed).
     *
     * @param msByGroup      each group's CPU per picture
     * @param aroundTheModel the inference service's own work around the model: decode (with the S3 fetch), request
     *                       loop and its Kafka clients, the MinIO client's threads, review; what issue 18's 5 ms is about
     * @param infrastructure the Kafka broker, the S3 server and the other services, in the bench's process only because
     *                       it holds everything (elsewhere in production): reported, not counted in the target
     */
    public record CpuPerPicture(java.util.Map<String, Double> msByGroup, double aroundTheModel, double infrastructure) {
        static CpuPerPicture of(ThreadCpu.Snapshot used, int pictures) {
            if (used == null || pictures <= 0) {
                return null;
            }
            return new CpuPerPicture(used.msPerPicture(pictures), msOf(used, ThreadCpu.Part.SERVICE, pictures),
                    msOf(used, ThreadCpu.Part.INFRASTRUCTURE, pictures));
        }

        private static double msOf(ThreadCpu.Snapshot used, ThreadCpu.Part part, int pictures) {
            double ms = 0;
            for (ThreadCpu.Group group : ThreadCpu.Group.values()) {
                if (group.part() == part) {
                    ms += used.nanos().getOrDefault(group, 0L) / 1e6 / pictures;
                }
            }
            return Rate.round(ms, 2);
        }
    }

    /**
     * One Kafka request at a time, against the model alone at batch 1.
     *
     * @param overheadMs       end-to-end p50 minus model p50
     * @param serviceLatencyMs the service's own latencyMs (request received to result ready)
     * @param serviceStagesMs  where the service's time went, means from its meters
     * @param compilerCores    JIT compilers' elapsed time per second of the measured window (0 when warm)
     */
    public record LowLoad(Median latencyMs, Median modelMs, double overheadMs, Median serviceLatencyMs, int requests,
                          ServiceStages serviceStagesMs, double compilerCores) {
    }

    /**
     * Means from the inference service's meters.
     *
     * @param fetch  per picture: S3 GET or base64 decoding
     * @param decode per picture: decoding and preprocessing
     * @param queued per picture: waiting between decoding and its model run
     * @param model  per model run
     * @param wideRunFraction share of the model runs that went alone, on every core
     * @param transaction per committed Kafka transaction of the request loop, begin to commit
     */
    public record ServiceStages(double fetch, double decode, double queued, double model, double wideRunFraction,
                                double transaction) {
    }

    public record Train(double seconds, int images, int dimension, int classes, int iterations, String stopReason) {
    }

    /**
     * @param seconds        upload of the one new picture to the new version served (GET /api/model)
     * @param images         dataset size before the new picture
     * @param firstVersionSeconds POST /api/train on the whole dataset (after embedding) to that version served
     * @param embedSeconds   ingest of the dataset until every picture was embedded
     */
    public record Retrain(double seconds, int images, double firstVersionSeconds, double embedSeconds,
                          int fromVersion, int toVersion) {
    }

    /** Peak resident set (VmHWM), current resident set (VmRSS) and heap in use after a collection, in MiB. */
    public record Memory(double rssMb, double heapMb, double currentRssMb, double maxHeapMb) {
    }

    /**
     * The int8 model served over Kafka at saturating concurrency, after the fp32 run of the same process.
     *
     * @param ratioToEndToEnd      images/s divided by the fp32 end-to-end images/s of the same run
     * @param modelImagesPerSecond pictures per second while inside ONNX Runtime
     */
    public record EndToEndInt8(double imagesPerSecond, Latency latencyMs, Latency serviceLatencyMs, int concurrency,
                               int requests, int errors, double seconds, double ratioToEndToEnd, double meanBatch,
                               double modelImagesPerSecond) {
    }

    /**
     * A folder embedded with the fp32 backbone and with its int8 form ({@code EmbedStage}): wall seconds of each pass,
     * of the int8 calibration before it, and fp32's time over int8's with and without that calibration.
     */
    public record Embedding(int pictures, String source, double fp32Seconds, double int8Seconds,
                            double calibrationSeconds, int calibrationPictures, double ratioWithCalibration,
                            double ratioRangesKept) {
    }

    /**
     * The int8 model against the fp32 one on the same pictures.
     *
     * @param int8                  share of pictures on which int8 gives fp32's top-1 class (see {@code basis})
     * @param fp32                  1: the fp32 model is the reference
     * @param basis                 what {@code int8} and {@code fp32} measure, in words
     * @param meanFeatureCosine     mean cosine similarity of the int8 and fp32 features (the head's input)
     * @param meanFeatureRelativeL2 mean of |int8 − fp32| / |fp32| over the feature vectors
     */
    public record Int8Accuracy(double int8, double fp32, int pictures, String basis, double meanFeatureCosine,
                               double meanFeatureRelativeL2) {
    }

    /**
     * A run plan as the service's planner chose it.
     *
     * @param model           which model (and where: bare, or the service's)
     * @param chosen          runs x threads, batch (e.g. {@code 2x1 b8})
     * @param imagesPerSecond the chosen plan's measured throughput; absent when not measured
     * @param basis           measurement, settings or fallback
     * @param note            why, for a plan not chosen by measurement
     * @param candidates      every candidate measured, in the order measured
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunPlanResult(String model, String chosen, int parallelRuns, int threadsPerRun, int batchSize,
                                Double imagesPerSecond, String basis, String note, String measuredAt,
                                double measureSeconds, List<PlanCandidate> candidates) {
    }

    /** One candidate plan as measured. */
    public record PlanCandidate(String plan, int parallelRuns, int threadsPerRun, int batchSize, double imagesPerSecond,
                                long images, long runs, double seconds) {
    }

    /** One target of the issue: what was asked, what was measured, and whether it is met. */
    public record TargetCheck(String name, String target, String measured, boolean met) {
    }
}
