package io.sightline.inference;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.BackboneInfo;
import io.sightline.contract.Json;
import io.sightline.contract.ModelMetrics;
import io.sightline.contract.ImageIds;
import io.sightline.contract.ModelPublished;
import io.sightline.contract.ObjectRef;
import io.sightline.contract.TrainedOn;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.Preprocessing;
import io.sightline.image.TensorBatch;
import io.sightline.train.HeadGraph;
import io.sightline.onnx.ModelMerger;
import io.sightline.onnx.ModelMetadata;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import io.sightline.onnx.TinyCnn;
import io.sightline.onnx.quant.CalibrationMethod;
import io.sightline.onnx.quant.Int8Calibration;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.testing.KafkaTestClients;
import io.sightline.testing.TestImages;
import io.sightline.onnx.UnknownThreshold;
import io.sightline.train.HeadCalibrator;
import io.sightline.train.LogisticRegressionTrainer;
import io.sightline.train.UnknownDetector;
import io.sightline.train.TrainingData;
import io.sightline.train.TrainingResult;
import io.sightline.train.TrainingOptions;
import java.awt.Color;
import java.time.Instant;
import java.util.List;

/**
 * A tiny end-to-end model for the tests: {@link TinyCnn} features with a head trained (logistic
 * regression) and calibrated to tell red, green and blue pictures apart and to call others unknown; and
 * helpers to publish it like the trainer.
 */
public final class TinyModels {
    public static final List<String> LABELS = List.of("red", "green", "blue");
    public static final List<Color> COLOURS = List.of(new Color(220, 20, 20), new Color(20, 200, 20), new Color(20, 20, 220));
    private static final int PER_LABEL = 6;
    private static byte[] model;
    private static byte[] int8Model;

    private TinyModels() {
    }

    /** The model.onnx bytes (built once per JVM). */
    public static synchronized byte[] model() {
        if (model == null) {
            model = build(false);
        }
        return model.clone();
    }

    /** The same model with its backbone quantized to int8 (calibrated on the training pictures), as the trainer makes it. */
    public static synchronized byte[] int8Model() {
        if (int8Model == null) {
            int8Model = build(true);
        }
        return int8Model.clone();
    }

    public static byte[] picture(String label, long seed) {
        return TestImages.png(COLOURS.get(LABELS.indexOf(label)), 64, 48, seed);
    }

    /** A picture of none of the labels: mid grey. */
    public static byte[] unknownPicture(long seed) {
        return TestImages.png(new Color(128, 128, 128), 64, 48, seed);
    }

    private static byte[] build(boolean int8) {
        ModelProto tiny = TinyCnn.build(TinyCnn.DEFAULT_SEED, 224);
        Preprocessing preprocessing = Preprocessing.imagenet();
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), preprocessing);
        int n = PER_LABEL * LABELS.size();
        TensorBatch batch = new TensorBatch(preprocessing, n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % LABELS.size();
            pipeline.decodeInto(picture(LABELS.get(labels[i]), 1000 + i), "train-" + i, batch, i);
        }
        float[][] features;
        try (OnnxModel extractor = OnnxSessions.open(OnnxGraphs.toBytes(tiny), SessionConfig.cpu().withIntraOpThreads(1))) {
            features = extractor.run(batch.slice(n), batch.shape(n));
        }
        LogisticRegressionTrainer trainer = new LogisticRegressionTrainer(TrainingOptions.defaults());
        TrainingData data = new TrainingData(features, labels);
        TrainingResult trained = trainer.train(data, TrainingData.empty(), LABELS, null);
        HeadCalibrator.Calibrated calibrated = new HeadCalibrator(trainer, UnknownDetector.Options.DEFAULTS,
                HeadCalibrator.DEFAULT_FALSE_UNKNOWN_RATE).calibrate(trained, data, TrainingData.empty(), LABELS);
        BackboneInfo backbone = new BackboneInfo("tiny-cnn-seed7", "0".repeat(64), false);
        ModelProto extractor = tiny;
        if (int8) {
            try (Int8Calibration calibration = Int8Calibration.start(tiny, SessionConfig.cpu().withIntraOpThreads(1))) {
                calibration.observe(batch.slice(n), n);
                extractor = calibration.quantize(CalibrationMethod.MINMAX);
            }
        }
        ModelProto merged = ModelMerger.merge(extractor, HeadGraph.build(calibrated.head(), calibrated.detector()),
                new ModelMetadata(LABELS, preprocessing, backbone, null, int8 ? Precision.INT8 : Precision.FP32,
                        new UnknownThreshold(UnknownDetector.METHOD, calibrated.detector().threshold(),
                                calibrated.falseUnknownRate())).toMap());
        return OnnxGraphs.toBytes(merged);
    }

    /** Uploads the model as {@code version} and publishes it; {@code sha256} null = the right one. */
    public static ModelPublished publish(ObjectStore store, String bootstrap, String modelsTopic, int version, String sha256) {
        byte[] bytes = model();
        String key = ObjectKeys.model(ModelPublished.DEFAULT_NAME, version);
        store.put(key, bytes, "application/octet-stream");
        ModelPublished event = new ModelPublished(ModelPublished.DEFAULT_NAME, version, new ObjectRef(store.bucket(), key),
                sha256 == null ? ImageIds.sha256Hex(bytes) : sha256, LABELS,
                new BackboneInfo("tiny-cnn-seed7", "0".repeat(64), false),
                new ModelMetrics(1, 1, 1, 1, 0.01), new TrainedOn(18, 0, 0), Instant.now());
        KafkaTestClients.send(bootstrap, modelsTopic, event.name(), Json.write(event));
        return event;
    }
}
