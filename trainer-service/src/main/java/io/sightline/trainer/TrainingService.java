package io.sightline.trainer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.annotation.Nullable;
import io.sightline.contract.Json;
import io.sightline.contract.LabelledImage;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ModelStatus;
import io.sightline.contract.TrainedOn;
import io.sightline.metrics.Evaluation;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.Precision;
import io.sightline.storage.ModelHandover;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.train.IterationProgress;
import io.sightline.train.TrainingListener;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: train a candidate on the cached embeddings, export it, measure it against the
 * serving model on the same test set, store it as the next version, and publish it if it passes.
 */
@Singleton
public class TrainingService {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);

    private final TrainerConfig config;
    private final Backbone backbone;
    private final FeatureCache cache;
    private final ModelRegistry registry;
    private final ServingModel serving;
    private final ModelEvents events;
    private final ObjectStore store;
    private final ReportThumbnails thumbnails;
    private final ReportPage report;
    private final ModelArtifacts artifacts;
    private final Gate gate;
    private final Int8Conversion int8;
    /** Where the inference service runs in this process (the all-in-one): the published model's bytes go to it. */
    private final ModelHandover handover;
    private final Timer duration;
    private final AtomicReference<List<IterationProgress>> progress = new AtomicReference<>(List.of());

    TrainingService(TrainerConfig config, Backbone backbone, FeatureCache cache, ModelRegistry registry,
                    ServingModel serving, ModelEvents events, ObjectStore store, ReportThumbnails thumbnails,
                    ReportPage report, Int8Conversion int8, MeterRegistry meters, @Nullable ModelHandover handover) {
        this.config = config;
        this.backbone = backbone;
        this.cache = cache;
        this.registry = registry;
        this.serving = serving;
        this.events = events;
        this.store = store;
        this.thumbnails = thumbnails;
        this.report = report;
        this.int8 = int8;
        this.handover = handover;
        this.artifacts = new ModelArtifacts(backbone);
        this.gate = new Gate(config.accuracyTolerance(), config.recallTolerance());
        this.duration = Timer.builder("sightline.trainer.training.duration").description("Time of a training run")
                .register(meters);
        meters.gauge("sightline.trainer.serving.version", serving,
                s -> s.current().map(ModelPublished::version).orElse(0));
        meters.gauge("sightline.trainer.serving.accuracy", serving,
                s -> s.current().map(m -> m.metrics().accuracy()).orElse(Double.NaN));
    }

    /** The iterations of the training in progress (or the last one). */
    public List<IterationProgress> progress() {
        return progress.get();
    }

    /** Trains on the pictures that have embeddings; returns the stored record. */
    public ModelRecord train(List<LabelledImage> images) {
        long started = System.nanoTime();
        List<IterationProgress> iterations = java.util.Collections.synchronizedList(new ArrayList<>());
        progress.set(iterations);
        TrainingListener listener = iteration -> {
            iterations.add(iteration);
            LOG.debug("iteration {} loss {} train accuracy {}", iteration.iteration(), iteration.trainLoss(),
                    iteration.trainAccuracy());
        };
        events.claim(); // the one writer of this model's versions from now on: earlier writers are fenced
        Candidate candidate = new TrainingJob(config).run(images, cache, backbone.id(), listener);
        long trained = System.nanoTime();
        List<ReportView.Item> reportItems = items(candidate);
        CompletableFuture<Void> thumbnailsReady = thumbnails.prepare(reportItems.stream().map(ReportView.Item::picture).toList());
        int version = registry.nextVersion();
        Gate.Decision decision = judge(candidate);
        ModelRecord record = record(version, candidate, decision);
        String trainingJson = Json.writeString(Map.of(
                "version", version, "trainedOn", record.trainedOn(), "l2", config.l2(), "seed", config.seed(),
                "iterations", candidate.training().iterations(), "stopReason", candidate.training().stopReason(),
                "temperature", candidate.calibrated().temperature()));
        ModelArtifacts.Files files = artifacts.build(candidate.calibrated(), trainingJson);
        long exported = System.nanoTime();
        PrecisionReport precision = PrecisionReport.fp32();
        if (backbone.precision() == Precision.INT8) {
            precision = PrecisionReport.int8Backbone(config.precisionValue(), backbone.id());
        } else if (config.precisionValue() == Precision.INT8) {
            if (decision.promote()) {
                Int8Conversion.Outcome outcome = int8.convert(candidate, artifacts, trainingJson, version);
                precision = outcome.report();
                files = outcome.files() != null ? outcome.files() : files;
            } else {
                precision = PrecisionReport.int8Failed("the candidate did not pass the gate, so it was not converted", 0);
            }
        }
        record = record.withStatus(record.status(), record.reason(), files.modelSha256(), precision);
        registry.saveArtifacts(version, files);
        long stored = System.nanoTime();
        if (decision.promote()) {
            if (handover != null) {
                handover.offer(files.modelSha256(), files.model());
            }
            try {
                events.published(record.published());
            } catch (ModelEvents.WriterFencedException e) {
                forgetHandedOver(files);
                throw e; // another trainer writes this model's versions now: its record of this version stands
            } catch (RuntimeException e) {
                forgetHandedOver(files);
                record = record.withStatus(ModelStatus.REJECTED, "passed the gate but could not be published: "
                        + e.getMessage(), record.sha256());
            }
        }
        long published = System.nanoTime();
        thumbnailsReady.join();
        registry.saveRecord(record, report.render(record, reportItems, thumbnails::dataUri));
        long finished = System.nanoTime();
        duration.record(finished - started, TimeUnit.NANOSECONDS);
        LOG.info("Model {} version {} {}: accuracy {} on {} test pictures ({}); {}; {}", registry.name(), version,
                record.status(), String.format("%.3f", candidate.evaluation().accuracy()),
                candidate.split().test(), decision.reason(), precision.summary(),
                String.format(java.util.Locale.ROOT, "%.1f s: train %.1f, export %.1f, store %.1f, publish %.1f, report %.1f",
                        seconds(started, finished), seconds(started, trained), seconds(trained, exported),
                        seconds(exported, stored), seconds(stored, published), seconds(published, finished)));
        return record;
    }

    /** A model that was not published is not loaded: its bytes are not left in the heap for a load to come. */
    private void forgetHandedOver(ModelArtifacts.Files files) {
        if (handover != null) {
            handover.take(files.modelSha256());
        }
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private Gate.Decision judge(Candidate candidate) {
        Optional<ModelPublished> current = serving.current();
        if (current.isEmpty()) {
            return gate.firstModel();
        }
        ModelPublished model = current.get();
        if (!model.backbone().id().equals(backbone.id())) {
            Evaluation recorded = new Evaluation(candidate.labels(), 0, model.metrics().accuracy(), 0, 0, 0, 0, 0,
                    List.of(), candidate.evaluation().confusionMatrix(), List.of());
            return gate.decide(candidate.evaluation(), recorded, model.version());
        }
        Evaluation servingOnTest = ServingEvaluator.evaluate(registry.head(model.version()), model.labels(),
                candidate.test(), candidate.labels());
        return gate.decide(candidate.evaluation(), servingOnTest, model.version());
    }

    private ModelRecord record(int version, Candidate candidate, Gate.Decision decision) {
        Candidate.SplitCounts split = candidate.split();
        List<ModelRecord.TestItem> testItems = candidate.test().images().stream()
                .map(image -> new ModelRecord.TestItem(image.imageId(), image.source(), image.label(), image.object()))
                .toList();
        Integer comparedWith = serving.current().map(ModelPublished::version).orElse(null);
        return new ModelRecord(registry.name(), version,
                decision.promote() ? ModelStatus.PROMOTED : ModelStatus.REJECTED, decision.reason(), Instant.now(),
                store.ref(ObjectKeys.model(registry.name(), version)), null, candidate.labels(), backbone.info(),
                candidate.evaluation().toModelMetrics(),
                new TrainedOn(split.train(), split.validation(), split.test()), candidate.evaluation(),
                candidate.training().history(), candidate.training().stopReason(), candidate.seconds(), comparedWith,
                serving.current().map(m -> m.metrics().accuracy()).orElse(null), testItems,
                ModelRecord.Calibration.of(candidate), candidate.coverage(), null);
    }

    private static List<ReportView.Item> items(Candidate candidate) {
        List<ReportView.Item> items = new ArrayList<>();
        LabelledFeatures test = candidate.test();
        for (int i = 0; i < test.size(); i++) {
            double[] probabilities = candidate.head().probabilities(test.features()[i]);
            int best = Evaluation.argMax(probabilities);
            LabelledImage image = test.images().get(i);
            items.add(new ReportView.Item(new ModelRecord.TestItem(image.imageId(), image.source(), image.label(),
                    image.object()), candidate.labels().get(best), probabilities[best]));
        }
        return items;
    }
}
