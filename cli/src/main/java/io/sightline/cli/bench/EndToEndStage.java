package io.sightline.cli.bench;

import java.time.Duration;

/**
 * Step 3: classify requests over Kafka on the all-in-one process (embedded broker and S3), first at
 * saturating concurrency, then one at a time. Pictures are 640x480 JPEGs stored in S3 (requests by
 * object reference) and sent inline (base64), half and half.
 */
final class EndToEndStage {
    static final int DISTINCT_PICTURES = 16;
    static final int WIDTH = 640;
    static final int HEIGHT = 480;

    /** Warm-up of the one-at-a-time run, which follows the saturated one (the process is warm by then). */
    static final Duration LOW_LOAD_WARM_UP = Duration.ofSeconds(2);

    private final int concurrency;
    private final Duration warmUp;
    private final Duration duration;

    EndToEndStage(int concurrency, Duration warmUp, Duration duration) {
        this.concurrency = concurrency;
        this.warmUp = warmUp;
        this.duration = duration;
    }

    /** Saturated and low-load outcomes. */
    record Outcome(KafkaLoad.Outcome saturated, ServiceMeters saturatedMeters, KafkaLoad.Outcome lowLoad,
                   ServiceMeters lowLoadMeters) {
    }

    /** A saturated run alone and the service's meters over it. */
    record Saturated(KafkaLoad.Outcome outcome, ServiceMeters meters) {
    }

    /** The saturated run alone, e.g. on the int8 model once the fp32 one was measured ({@link #run}). */
    Saturated saturated(BenchServer server, Progress progress) {
        RequestPictures pictures = RequestPictures.upload(server.store(), DISTINCT_PICTURES, WIDTH, HEIGHT);
        try (KafkaLoad load = new KafkaLoad(server.kafkaBootstrap(), pictures)) {
            progress.line("end to end: " + concurrency + " requests outstanding, " + duration.toSeconds()
                    + " s after " + warmUp.toSeconds() + " s of warm-up");
            ServiceMeters before = ServiceMeters.read(server.allInOne().services());
            KafkaLoad.Outcome saturated = load.run(concurrency, warmUp, duration, Duration.ofMinutes(2));
            return new Saturated(saturated, ServiceMeters.read(server.allInOne().services()).since(before));
        }
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
            ServiceMeters before = ServiceMeters.read(server.allInOne().services());
            KafkaLoad.Outcome saturated = load.run(concurrency, warmUp, duration, timeout);
            ServiceMeters meters = ServiceMeters.read(server.allInOne().services()).since(before);
            progress.line("low load: one request at a time, " + duration.toSeconds() + " s");
            ServiceMeters lowBefore = ServiceMeters.read(server.allInOne().services());
            KafkaLoad.Outcome lowLoad = load.run(1, LOW_LOAD_WARM_UP, duration, timeout);
            ServiceMeters lowMeters = ServiceMeters.read(server.allInOne().services()).since(lowBefore);
            return new Outcome(saturated, meters, lowLoad, lowMeters);
        }
    }
}
