package io.sightline.trainer;

import io.micronaut.context.annotation.Factory;
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
        Backbone backbone = new BackboneResolver(BackboneCache.directory(config.cacheDir())).resolve(config.backbone());
        LOG.info("Backbone {} ({}pretrained, {} features)", backbone.id(), backbone.pretrained() ? "" : "NOT ",
                backbone.featureDimension());
        return backbone;
    }

    @Singleton
    SessionConfig sessionConfig(TrainerConfig config) {
        SessionConfig defaults = SessionConfig.defaults()
                .withProvider(ExecutionProvider.valueOf(config.provider().toUpperCase(Locale.ROOT)));
        return config.intraOpThreads() > 0 ? defaults.withIntraOpThreads(config.intraOpThreads()) : defaults;
    }

    @Singleton
    ImagePipeline imagePipeline(Backbone backbone) {
        return new ImagePipeline(ImageLimits.defaults(), backbone.preprocessing());
    }
}
