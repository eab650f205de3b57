package io.sightline.cli.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.contract.ImageIds;
import io.sightline.image.ImageLimits;
import io.sightline.image.ImagePipeline;
import io.sightline.image.Preprocessing;
import io.sightline.image.TensorBatch;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.ModelMerger;
import io.sightline.onnx.ModelMetadata;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.Precision;
import io.sightline.onnx.SessionConfig;
import io.sightline.onnx.quant.CalibrationMethod;
import io.sightline.onnx.quant.Int8Calibration;
import java.time.Duration;
import java.util.List;

/**
 * Step 1b: the int8 form of the bench model, made as the trainer makes it (the backbone calibrated, here
 * on {@link #CALIBRATION_PICTURES} generated photo-like 640x480 JPEGs, min/max ranges, merged with the same
 * head); {@link BareOrtStage} then measures it like the fp32 model.
 */
final class Int8Stage {
    static final int CALIBRATION_PICTURES = 32;

    private final SessionConfig session;

    Int8Stage(SessionConfig session) {
        this.session = session.withProvider(ExecutionProvider.CPU);
    }

    /** The int8 model measured like the fp32 one, and its agreement with it. */
    record Outcome(BareOrtStage.Outcome bare, BenchModel model, BenchResult.Int8Accuracy accuracy) {
    }

    /** Quantizes, measures bare ONNX Runtime at each batch size, and compares with fp32 ({@link Int8Agreement}). */
    Outcome run(BenchModel fp32, List<Integer> batchSizes, Duration perBatch, Progress progress) {
        ModelProto backbone = quantizedBackbone(fp32, progress);
        BenchModel int8 = merge(fp32, backbone);
        BareOrtStage.Outcome bare = new BareOrtStage(session, batchSizes, perBatch).run(int8, progress);
        BenchResult.Int8Accuracy accuracy = new Int8Agreement(session).measure(fp32, OnnxGraphs.toBytes(backbone), progress);
        return new Outcome(bare, int8, accuracy);
    }

    private ModelProto quantizedBackbone(BenchModel fp32, Progress progress) {
        progress.line("int8: calibrating the backbone on " + CALIBRATION_PICTURES + " pictures");
        Preprocessing preprocessing = fp32.backbone().preprocessing();
        ImagePipeline pipeline = new ImagePipeline(ImageLimits.defaults(), preprocessing);
        TensorBatch batch = new TensorBatch(preprocessing, CALIBRATION_PICTURES);
        for (int i = 0; i < CALIBRATION_PICTURES; i++) {
            pipeline.decodeInto(SamplePictures.jpeg(640, 480, 5000 + i).bytes(), "calibration-" + i, batch, i);
        }
        ModelProto quantized;
        try (Int8Calibration calibration = Int8Calibration.start(OnnxGraphs.parse(fp32.backbone().onnxFile()), session)) {
            calibration.observe(batch.slice(CALIBRATION_PICTURES), CALIBRATION_PICTURES);
            quantized = calibration.quantize(CalibrationMethod.MINMAX);
        }
        return quantized;
    }

    private static BenchModel merge(BenchModel fp32, ModelProto quantized) {
        ModelMetadata metadata = ModelMetadata.read(OnnxGraphs.parse(fp32.model())).withPrecision(Precision.INT8);
        byte[] model = OnnxGraphs.toBytes(ModelMerger.merge(quantized, OnnxGraphs.parse(fp32.head()), metadata.toMap()));
        return new BenchModel(fp32.backbone(), fp32.labels(), model, fp32.head(), ImageIds.sha256Hex(model));
    }
}
