package io.sightline.onnx.quant;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.sightline.onnx.GeneratedResNet50;
import io.sightline.onnx.KernelProfile;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.SessionConfig;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * int8 against fp32 for the generated ResNet-50 at 224x224: calibration time, feature distance of each
 * {@link CalibrationMethod} on held-out pictures, and images/s of the two models at batch 1 and 8, runs
 * interleaved one by one so that other load hits both alike (median and best). Measures, does not assert.
 *
 * <p>Run: {@code java -cp model/target/test-classes:model/target/classes:<deps> io.sightline.onnx.quant.Int8Benchmark [threads] [calibrationPictures] [rounds]}
 */
public final class Int8Benchmark {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int calibrationPictures = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        SessionConfig config = SessionConfig.cpu().withIntraOpThreads(threads);
        ModelProto fp32 = GeneratedResNet50.build(GeneratedResNet50.DEFAULT_SEED);

        long t0 = System.nanoTime();
        ModelProto minmax;
        ModelProto percentile;
        try (Int8Calibration calibration = Int8Calibration.start(fp32, config)) {
            FloatBuffer pictures = Int8QuantizationTest.smoothPictures(calibrationPictures, 224, 100);
            calibration.observe(pictures, calibrationPictures);
            minmax = calibration.quantize(CalibrationMethod.MINMAX);
            percentile = calibration.quantize(CalibrationMethod.PERCENTILE);
        }
        System.out.printf("calibration on %d pictures + two quantizations: %.1f s%n", calibrationPictures,
                (System.nanoTime() - t0) / 1e9);

        int held = 16;
        FloatBuffer heldOut = Int8QuantizationTest.smoothPictures(held, 224, 200);
        byte[] fp32Bytes = OnnxGraphs.toBytes(fp32);
        float[][] reference = features(fp32Bytes, config, heldOut, held);
        for (var entry : Map.of("minmax", minmax, "percentile", percentile).entrySet()) {
            float[][] actual = features(OnnxGraphs.toBytes(entry.getValue()), config, heldOut, held);
            double[] errors = new double[held];
            for (int i = 0; i < held; i++) {
                errors[i] = Int8QuantizationTest.relativeL2(reference[i], actual[i]);
            }
            Arrays.sort(errors);
            System.out.printf("%s: feature distance (relative L2) median %.4f, worst %.4f over %d held-out pictures%n",
                    entry.getKey(), errors[held / 2], errors[held - 1], held);
        }

        byte[] int8Bytes = OnnxGraphs.toBytes(percentile);
        for (int batch : new int[] {1, 8}) {
            FloatBuffer input = Int8QuantizationTest.smoothPictures(batch, 224, batch);
            long[] shape = {batch, 3, 224, 224};
            try (OnnxModel a = OnnxSessions.open(fp32Bytes, config); OnnxModel b = OnnxSessions.open(int8Bytes, config)) {
                a.run(input, shape);
                b.run(input, shape);
                double[] fp = new double[rounds];
                double[] q = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    for (int k = 0; k < 2; k++) {
                        boolean int8 = (k == 0) == (r % 2 == 0);
                        long start = System.nanoTime();
                        (int8 ? b : a).run(input, shape);
                        double rate = batch / ((System.nanoTime() - start) / 1e9);
                        (int8 ? q : fp)[r] = rate;
                    }
                }
                System.out.printf("| %d | %d | %.1f | %.1f | %.2f | %.1f | %.1f |%n", batch, threads, median(fp), median(q),
                        median(q) / median(fp), Arrays.stream(fp).max().orElseThrow(), Arrays.stream(q).max().orElseThrow());
            }
        }
        FloatBuffer one = Int8QuantizationTest.smoothPictures(1, 224, 1);
        System.out.println("int8 kernel time by op type (us, 3 runs at batch 1): "
                + KernelProfile.microsByOpType(int8Bytes, config, one, new long[] {1, 3, 224, 224}, 3));
    }

    private static float[][] features(byte[] model, SessionConfig config, FloatBuffer pictures, int n) {
        try (OnnxModel session = OnnxSessions.open(model, config)) {
            return session.run(pictures, new long[] {n, 3, 224, 224});
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
