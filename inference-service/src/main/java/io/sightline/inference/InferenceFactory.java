package io.sightline.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import io.sightline.contract.Topics;
import io.sightline.image.ImageDecoder;
import io.sightline.inference.engine.ClassifyEngine;
import io.sightline.inference.engine.PictureFetcher;
import io.sightline.inference.metrics.InferenceMetrics;
import io.sightline.inference.model.ModelLoader;
import io.sightline.inference.model.ModelSlot;
import io.sightline.inference.plan.PlanConfig;
import io.sightline.inference.plan.RunPlanner;
import io.sightline.inference.review.ReviewConfig;
import io.sightline.inference.review.ReviewQueue;
import io.sightline.kafka.EventProducer;
import io.sightline.storage.ModelHandover;
import io.sightline.storage.ObjectAllowList;
import io.sightline.storage.ObjectStore;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The plain objects of the inference service as beans (the image decoder stays private to the engine). */
@Factory
public class InferenceFactory {

    @Singleton
    InferenceMetrics inferenceMetrics(MeterRegistry registry, InferenceConfig config) {
        return new InferenceMetrics(registry, config.modelName());
    }

    @Singleton
    @Bean(preDestroy = "close")
    ModelSlot modelSlot(InferenceMetrics metrics) {
        return new ModelSlot(metrics::modelChanged);
    }

    @Singleton
    RunPlanner runPlanner(InferenceConfig config, PlanConfig plan) {
        return new RunPlanner(provider -> config.planSpace(plan, provider), plan.measureTime(), Clock.systemUTC());
    }

    @Singleton
    ModelLoader modelLoader(ObjectStore store, InferenceConfig config, RunPlanner planner,
                            @Nullable ModelHandover handover) {
        return new ModelLoader(store, config.sessionConfig(), planner, Clock.systemUTC(), handover);
    }

    @Singleton
    @Bean(preDestroy = "close")
    ClassifyEngine classifyEngine(ModelSlot slot, ObjectStore store, InferenceConfig config, PlanConfig plan,
                                  InferenceMetrics metrics, ReviewQueue review) {
        PictureFetcher fetcher = new PictureFetcher(store, config.imageLimits().maxBytes(),
                ObjectAllowList.parse(config.allowedObjects(), store.bucket()));
        ClassifyEngine engine = new ClassifyEngine(slot, fetcher, new ImageDecoder(config.imageLimits()),
                config.maxParallelRuns(plan), config.decodeThreadCount(), config.queueCapacity());
        engine.addListener(metrics);
        engine.addListener(review);
        metrics.inFlight(engine::inFlight);
        return engine;
    }

    @Singleton
    @Bean(preDestroy = "close")
    ReviewQueue reviewQueue(ReviewConfig config, ObjectStore store, EventProducer producer, Topics topics,
                            MeterRegistry meters) {
        return new ReviewQueue(config, store, producer, topics, meters, Clock.systemUTC());
    }
}
