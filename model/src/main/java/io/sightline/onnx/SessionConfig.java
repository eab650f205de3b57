package io.sightline.onnx;

/**
 * How {@link OnnxSessions} configures ONNX Runtime.
 *
 * @param provider          where to execute
 * @param intraOpThreads    threads of one operator (default: available processors)
 * @param cudaDeviceId      CUDA device
 * @param gpuMemLimitBytes  CUDA arena limit, 0 = ONNX Runtime's default (no limit)
 */
public record SessionConfig(ExecutionProvider provider, int intraOpThreads, int cudaDeviceId, long gpuMemLimitBytes) {

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
        return new SessionConfig(ExecutionProvider.AUTO, 0, 0, 0);
    }

    public static SessionConfig cpu() {
        return new SessionConfig(ExecutionProvider.CPU, 0, 0, 0);
    }

    public SessionConfig withProvider(ExecutionProvider value) {
        return new SessionConfig(value, intraOpThreads, cudaDeviceId, gpuMemLimitBytes);
    }

    public SessionConfig withIntraOpThreads(int value) {
        return new SessionConfig(provider, value, cudaDeviceId, gpuMemLimitBytes);
    }
}
