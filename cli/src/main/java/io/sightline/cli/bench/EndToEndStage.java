package io.sightline.cli.bench;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Step 3: classify requests over Kafka on the all-in-one process (embedded broker and S3), first at
 * saturating concurrency, then one at a time. Pictures are 640x480 JPEGs stored in S3 (requests by
 * object reference) and sent inline (base64), half and half.
 */
final class EndToEndStage {
    static final int DISTINCT_PICTURES = 16;
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    /**
     * The shortest warm-up of the one-at-a-time run. It otherwise gets the saturated run's warm-up: a lone
     * request takes paths the saturated run rarely does (the early transaction, the wide session), and the
     * JIT compiling them took 0.6 of this machine's 2 cores in a 2 s warm-up (docs/performance.md).
     */
    static final Duration LOW_LOAD_MIN_WARM_UP = Duration.ofSeconds(2);

    private final int concurrency;
    private final Duration warmUp;
    private final Duration duration;

    EndToEndStage(int concurrency, Duration warmUp, Duration duration) {
        this.concurrency = concurrency;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    /** Saturated and low-load outcomes, each with the service's meters over its window. */
    record Outcome(KafkaLoad.Outcome saturated, KafkaLoad.Outcome lowLoad) {
    }

    /** The saturated run alone, e.g. on the int8 model once the fp32 one was measured ({@link #run}). */
    KafkaLoad.Outcome saturated(BenchServer server, Progress progress) {
        RequestPictures pictures = RequestPictures.upload(server.store(), DISTINCT_PICTURES, WIDTH, HEIGHT);
        try (KafkaLoad load = new KafkaLoad(server.kafkaBootstrap(), pictures)) {
            progress.line("end to end: " + concurrency + " requests outstanding, " + duration.toSeconds()
                    + " s after " + warmUp.toSeconds() + " s of warm-up");
            return load.run(concurrency, warmUp, duration, Duration.ofMinutes(2), meters(server));
        }
    }

    private static Supplier<ServiceMeters> meters(BenchServer server) {
        return () -> ServiceMeters.read(server.allInOne().services());
    }

    static String picturesDescription() {
        return DISTINCT_PICTURES + " distinct JPEG " + WIDTH + "x" + HEIGHT + ", half by S3 reference, half base64";
    }

    Outcome run(BenchServer server, Progress progress) {
        progress.line("end to end: uploading " + DISTINCT_PICTURES + " pictures to S3");
        RequestPictures pictures = RequestPictures.upload(server.store(), DISTINCT_PICTURES, WIDTH, HEIGHT);
        Duration timeout = Duration.ofMinutes(2); // the longest wait for the next result
        try (KafkaLoad load = new KafkaLoad(server.kafkaBootstrap(), pictures)) {
            progress.line("end to end: " + concurrency + " requests outstanding, " + duration.toSeconds()
                    + " s after " + warmUp.toSeconds() + " s of warm-up");
            KafkaLoad.Outcome saturated = load.run(concurrency, warmUp, duration, timeout, meters(server));
            Duration lowLoadWarmUp = warmUp.compareTo(LOW_LOAD_MIN_WARM_UP) > 0 ? warmUp : LOW_LOAD_MIN_WARM_UP;
            progress.line("low load: one request at a time, " + duration.toSeconds() + " s after "
                    + lowLoadWarmUp.toSeconds() + " s of warm-up");
            KafkaLoad.Outcome lowLoad = load.run(1, lowLoadWarmUp, duration, timeout, meters(server));
            return new Outcome(saturated, lowLoad);
        }
    }
}
