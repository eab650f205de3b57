package io.sightline.trainer;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.onnx.Backbone;
import io.sightline.onnx.BackboneCache;
import io.sightline.onnx.BackboneResolver;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The trainer's plain-class beans: dataset, feature cache, backbone and ONNX Runtime settings. */
@Factory
public class TrainerFactory {
    private static final Logger LOG = LoggerFactory.getLogger(TrainerFactory.class);

    @Singleton
    Dataset dataset() {
        return new Dataset();
    }

    @Singleton
    FeatureCache featureCache() {
        return new FeatureCache();
    }

    @Singleton
    Backbone backbone(TrainerConfig config) {
        Backbone backbone = new BackboneResolver(BackboneCache.directory(config.cacheDir()))
                .resolve(config.backbone(), config.pretrainedValue());
        LOG.info("Backbone {} (pretrained: {}, {}, {} features)", backbone.id(), backbone.pretrained().wire(),
                backbone.precision().wire(), backbone.featureDimension());
        return backbone;
    }

    @Singleton
    SessionConfig sessionConfig(TrainerConfig config) {
        SessionConfig defaults = SessionConfig.defaults()
                .withProvider(ExecutionProvider.valueOf(config.provider().toUpperCase(Locale.ROOT)));
        return config.intraOpThreads() > 0 ? defaults.withIntraOpThreads(config.intraOpThreads()) : defaults;
    }

    /** Ingest's limits (sightline.ingest.max-bytes / max-pixels): nothing ingest would refuse is embedded. */
    @Singleton
    ImagePipeline imagePipeline(Backbone backbone, @Value("${sightline.ingest.max-bytes:33554432}") long maxBytes,
                                @Value("${sightline.ingest.max-pixels:40000000}") long maxPixels) {
        return new ImagePipeline(new ImageLimits(maxBytes, maxPixels), backbone.preprocessing());
    }
}
