package io.sightline.onnx;

/**
 * How {@link OnnxSessions} configures ONNX Runtime.
 *
 * @param provider          where to execute
 * @param intraOpThreads    threads of one operator (default: available processors)
 * @param cudaDeviceId      CUDA device
 * @param gpuMemLimitBytes  CUDA arena limit, 0 = ONNX Runtime's default (no limit)
 * @param layoutOptimization whether ONNX Runtime also rewrites the graph into its blocked CPU layouts (its ALL level;
 *                          else EXTENDED): runs about 1.5 x faster for a ResNet-50, and its opening costs more,
 *                          most of all under a fixed malloc mmap threshold (0.8 s → 3.2 s for a ResNet-50,
 *                          docs/performance.md)
 */
public record SessionConfig(ExecutionProvider provider, int intraOpThreads, int cudaDeviceId, long gpuMemLimitBytes,
                            boolean layoutOptimization) {

    public SessionConfig {
        if (provider == null) {
            provider = ExecutionProvider.AUTO;
        }
        if (intraOpThreads <= 0) {
            intraOpThreads = Runtime.getRuntime().availableProcessors();
        }
        if (cudaDeviceId < 0 || gpuMemLimitBytes < 0) {
            throw new IllegalArgumentException("cudaDeviceId and gpuMemLimitBytes must not be negative");
        }
    }

    public static SessionConfig defaults() {
        return new SessionConfig(ExecutionProvider.AUTO, 0, 0, 0, true);
    }

    public static SessionConfig cpu() {
        return new SessionConfig(ExecutionProvider.CPU, 0, 0, 0, true);
    }

    public SessionConfig withProvider(ExecutionProvider value) {
        return new SessionConfig(value, intraOpThreads, cudaDeviceId, gpuMemLimitBytes, layoutOptimization);
    }

    public SessionConfig withIntraOpThreads(int value) {
        return new SessionConfig(provider, value, cudaDeviceId, gpuMemLimitBytes, layoutOptimization);
    }

    public SessionConfig withLayoutOptimization(boolean value) {
        return new SessionConfig(provider, intraOpThreads, cudaDeviceId, gpuMemLimitBytes, value);
    }
}
