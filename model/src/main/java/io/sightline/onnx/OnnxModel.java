package io.sightline.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One loaded ONNX model with a single float input and float outputs ({@link #run} reads the first,
 * {@link #runAll} every one). Owns its
 * {@link OrtSession}; every tensor and result created by {@link #run} is closed before it returns.
 * Thread-safe for concurrent {@code run} calls (ONNX Runtime sessions are); {@link #close} must not
 * race with them.
 */
public final class OnnxModel implements AutoCloseable {
    private final OrtSession session;
    private final ExecutionProvider provider;
    private final String inputName;
    private final long[] inputShape;
    private final String outputName;
    private final java.util.List<String> outputNames;
    private final AtomicInteger openTensors = new AtomicInteger();
    private volatile boolean closed;
    private volatile Consumer<OnnxValue> observer;

    OnnxModel(OrtSession session, ExecutionProvider provider) throws OrtException {
        this.session = session;
        this.provider = provider;
        try {
            Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
            this.inputName = input.getKey();
            this.inputShape = input.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
            this.outputNames = java.util.List.copyOf(session.getOutputNames());
            this.outputName = outputNames.get(0);
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The execution provider actually used (CPU after an AUTO fallback). */
    public ExecutionProvider provider() {
        return provider;
    }

    public String inputName() {
        return inputName;
    }

    /** Declared input shape; -1 for symbolic dimensions such as the batch. */
    public long[] inputShape() {
        return inputShape.clone();
    }

    public String outputName() {
        return outputName;
    }

    /** Every output, in the graph's order. */
    public java.util.List<String> outputNames() {
        return outputNames;
    }

    /** The model's custom metadata_props. */
    public Map<String, String> metadata() {
        try {
            OnnxModelMetadata metadata = session.getMetadata();
            return Map.copyOf(metadata.getCustomMetadata());
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read the model metadata: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code n} pictures laid out one after the other in {@code batch}; {@code pictureShape} is the
     * input shape whose first (batch) dimension is replaced by {@code n}.
     */
    public float[][] runPictures(FloatBuffer batch, int n, long[] pictureShape) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one picture, was " + n);
        }
        long[] shape = pictureShape.clone();
        shape[0] = n;
        return run(batch, shape);
    }

    /**
     * Runs the model on {@code shape[0]} inputs. {@code batch} holds them from its position on (a
     * direct, native-order buffer is used without copying; any other is copied once); the result is
     * one row per input with the output flattened after the first dimension.
     */
    public float[][] run(FloatBuffer batch, long[] shape) {
        float[][][] rows = new float[1][][];
        runWith(batch, shape, result -> rows[0] = rows(result.get(0), (int) shape[0]));
        return rows[0];
    }

    /**
     * Runs the model like {@link #run} and hands every float output to {@code each} (name, values);
     * the buffers are valid only during the call: the outputs are closed when it returns.
     */
    public void runEach(FloatBuffer batch, long[] shape, BiConsumer<String, FloatBuffer> each) {
        runWith(batch, shape, result -> result.forEach(entry -> {
            if (entry.getValue() instanceof OnnxTensor output && output.getInfo().type == OnnxJavaType.FLOAT) {
                each.accept(entry.getKey(), output.getFloatBuffer()); // a copy: the Java API has no view of an output
            }
        }));
    }

    /**
     * Like {@link #run}, every output: one {@code [rows][values]} array per output, in {@link #outputNames}
     * order (an output of shape [N] gives one value per row).
     */
    public java.util.List<float[][]> runAll(FloatBuffer batch, long[] shape) {
        java.util.List<float[][]> all = new java.util.ArrayList<>(outputNames.size());
        runWith(batch, shape, result -> {
            for (int i = 0; i < outputNames.size(); i++) {
                all.add(rows(result.get(i), (int) shape[0]));
            }
        });
        return all;
    }

    private void runWith(FloatBuffer batch, long[] shape, Consumer<OrtSession.Result> reader) {
        checkOpen();
        long count = OnnxGraphs.elementCount(shape);
        if (batch.remaining() < count) {
            throw new IllegalArgumentException("batch holds " + batch.remaining() + " floats, shape needs " + count);
        }
        FloatBuffer input = batch.slice();
        input.limit(Math.toIntExact(count));
        if (!input.isDirect() || input.order() != ByteOrder.nativeOrder()) {
            FloatBuffer copy = ByteBuffer.allocateDirect(Math.toIntExact(count) * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            copy.put(input).flip();
            input = copy;
        }
        OnnxTensor tensor;
        try {
            tensor = OnnxTensor.createTensor(OnnxSessions.environment(), input, shape);
        } catch (OrtException e) {
            throw new IllegalArgumentException("cannot make an input tensor of shape " + java.util.Arrays.toString(shape)
                    + ": " + e.getMessage(), e);
        }
        openTensors.incrementAndGet();
        try (tensor; OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            observe(tensor);
            result.forEach(entry -> observe(entry.getValue()));
            reader.accept(result);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            openTensors.decrementAndGet();
        }
    }

    /** Runs {@code iterations} batches of zeros of the given size (first run allocates, optimises). */
    public void warmUp(int batch, int iterations) {
        long[] shape = inputShape();
        shape[0] = batch;
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalStateException("cannot warm up a model with symbolic dimension " + i);
            }
        }
        FloatBuffer zeros = ByteBuffer.allocateDirect(Math.toIntExact(OnnxGraphs.elementCount(shape)) * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < iterations; i++) {
            run(zeros, shape);
        }
    }

    public void warmUp(int batch) {
        warmUp(batch, 1);
    }

    /** Calls of {@link #run} between creating their input tensor and closing it and the result. */
    int openTensors() {
        return openTensors.get();
    }

    /** The underlying session, for code in this package that must use ONNX Runtime directly. */
    OrtSession session() {
        return session;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }

    /** Test hook: sees every native value {@link #run} creates (input tensor and outputs). */
    void observeValues(Consumer<OnnxValue> observer) {
        this.observer = observer;
    }

    private void observe(OnnxValue value) {
        Consumer<OnnxValue> o = observer;
        if (o != null) {
            o.accept(value);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    static float[][] rows(OnnxValue value, int n) {
        if (!(value instanceof OnnxTensor output)) {
            throw new IllegalStateException("model output is not a tensor: " + value.getType());
        }
        FloatBuffer values = output.getFloatBuffer();
        if (values == null) {
            throw new IllegalStateException("model output is not float: " + output.getInfo());
        }
        int width = n == 0 ? 0 : values.remaining() / n;
        float[][] rows = new float[n][width];
        for (int i = 0; i < n; i++) {
            values.get(rows[i]);
        }
        return rows;
    }
}
