package io.sightline.onnx.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.sightline.onnx.OnnxGraphs;
import io.sightline.onnx.OnnxModel;
import io.sightline.onnx.OnnxSessions;
import io.sightline.onnx.SessionConfig;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Static int8 quantization of a float feature extractor, in QDQ form: BatchNormalization folded into
 * its convolutions, the tensors of {@link QdqPlan} observed on calibration pictures (the float model
 * runs with each of them as an extra output, a few pictures per run to bound the memory), then
 * {@link #quantize} writes the QDQ model for a {@link CalibrationMethod}. One calibration can quantize
 * with both methods. Not thread-safe; close it to free the calibration session.
 */
public final class Int8Calibration implements AutoCloseable {
    /** Pictures per calibration run: every quantized activation of every picture is an output. */
    static final int PICTURES_PER_RUN = 2;

    private final ModelProto folded;
    private final QdqPlan plan;
    private final OnnxModel session;
    private final long[] pictureShape;
    private final Map<String, RangeHistogram> ranges = new LinkedHashMap<>();
    private int pictures;

    private Int8Calibration(ModelProto folded, QdqPlan plan, OnnxModel session) {
        this.folded = folded;
        this.plan = plan;
        this.session = session;
        this.pictureShape = session.inputShape();
        plan.calibrated().forEach(t -> ranges.put(t, new RangeHistogram()));
    }

    /** Prepares the calibration of {@code floatModel} (one float input of fixed shape apart from the batch). */
    public static Int8Calibration start(ModelProto floatModel, SessionConfig config) {
        ModelProto folded = BatchNormFolding.fold(floatModel);
        QdqPlan plan = QdqPlan.of(folded.getGraph());
        if (plan.weighted().isEmpty()) {
            throw new IllegalArgumentException("the model has no Conv or Gemm with constant weights to quantize");
        }
        GraphProto.Builder graph = folded.getGraph().toBuilder();
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        for (String tensor : plan.calibrated()) {
            if (outputs.add(tensor)) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(tensor).setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()))));
            }
        }
        // Without the blocked-layout rewrite: with every activation an output it gains little or nothing per run (a
        // picture on a Zen 5: 67-69 ms either way; 70-77 against 77-90 ms under the quickstart's malloc threshold),
        // and its opening costs 0.9-3.8 s against 0.3-0.9 s. So it pays for the default 64 calibration pictures and up
        // to a few hundred; beyond them the rewrite would be a little faster (docs/performance.md).
        OnnxModel session = OnnxSessions.open(OnnxGraphs.toBytes(folded.toBuilder().setGraph(graph).build()),
                config.withLayoutOptimization(false));
        long[] shape = session.inputShape();
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 1) {
                session.close();
                throw new IllegalArgumentException("the model input must have a fixed shape apart from the batch");
            }
        }
        return new Int8Calibration(folded, plan, session);
    }

    /** Observes {@code n} pictures laid out one after the other from the buffer's position. */
    public void observe(FloatBuffer batch, int n) {
        int perPicture = 1;
        for (int i = 1; i < pictureShape.length; i++) {
            perPicture = Math.multiplyExact(perPicture, Math.toIntExact(pictureShape[i]));
        }
        FloatBuffer rest = batch.slice();
        for (int done = 0; done < n; done += PICTURES_PER_RUN) {
            int count = Math.min(PICTURES_PER_RUN, n - done);
            long[] shape = pictureShape.clone();
            shape[0] = count;
            FloatBuffer slice = rest.slice(done * perPicture, count * perPicture);
            session.runEach(slice, shape, (name, values) -> {
                RangeHistogram range = ranges.get(name);
                if (range != null) {
                    range.add(values);
                }
            });
        }
        pictures += n;
    }

    /** Pictures observed so far. */
    public int pictures() {
        return pictures;
    }

    /** Activation tensors that get their own range. */
    public int calibratedTensors() {
        return ranges.size();
    }

    /** The QDQ model from the ranges observed so far; the float model's metadata and doc string are kept. */
    public ModelProto quantize(CalibrationMethod method) {
        if (pictures == 0) {
            throw new IllegalStateException("observe at least one picture before quantizing");
        }
        Map<String, QuantParams> params = new LinkedHashMap<>();
        ranges.forEach((tensor, range) -> params.put(tensor, switch (method) {
            case MINMAX -> QuantParams.uint8(range.min(), range.max());
            case PERCENTILE -> QuantParams.uint8(range.quantile(CalibrationMethod.PERCENTILE_TAIL),
                    range.quantile(1 - CalibrationMethod.PERCENTILE_TAIL));
        }));
        ModelProto quantized = QdqWriter.write(folded, plan, params);
        return quantized.toBuilder().setDocString(folded.getDocString() + " [int8 QDQ: weights per output channel, "
                + "activations per tensor, " + method.wire() + " ranges from " + pictures + " pictures]").build();
    }

    @Override
    public void close() {
        session.close();
    }
}
