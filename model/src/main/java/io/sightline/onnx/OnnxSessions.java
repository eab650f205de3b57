package io.sightline.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions: intra-op threads from the config, one inter-op thread, all graph optimisations
 * (or all but the layout ones, {@link SessionConfig#layoutOptimization}), sequential execution; CUDA (CUDA, or AUTO
 * where an NVIDIA driver may be present) with heuristic cuDNN algorithm search, an optional memory limit and arena
 * growth by what is requested.
 */
public final class OnnxSessions {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);
    /** The CPU fallback is said once per process, not once per session. */
    private static final java.util.concurrent.atomic.AtomicBoolean CUDA_FALLBACK_REPORTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private OnnxSessions() {
    }

    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Opens a model from its serialised bytes. */
    public static OnnxModel open(byte[] model, SessionConfig config) {
        return create(config, options -> environment().createSession(model, options));
    }

    /** Opens a model file. */
    public static OnnxModel open(Path model, SessionConfig config) {
        return create(config, options -> environment().createSession(model.toString(), options));
    }

    @FunctionalInterface
    interface SessionOpener {
        OrtSession open(OrtSession.SessionOptions options) throws OrtException;
    }

    static OnnxModel create(SessionConfig config, SessionOpener opener) {
        boolean cuda = triesCuda(config.provider(), NvidiaDriver.mayBePresentHere());
        if (cuda) {
            try {
                return new OnnxModel(openWith(config, true, opener), ExecutionProvider.CUDA);
            } catch (OrtException | RuntimeException | LinkageError e) {
                String reason = cudaFailure(e);
                if (config.provider() == ExecutionProvider.CUDA) {
                    throw new IllegalStateException("CUDA execution provider requested but unavailable: " + reason, e);
                }
                if (CUDA_FALLBACK_REPORTED.compareAndSet(false, true)) {
                    LOG.warn("CUDA execution provider unavailable ({}); running ONNX models on CPU", reason);
                } else {
                    LOG.debug("CUDA execution provider unavailable ({}); running on CPU", reason);
                }
            }
        }
        if (!cuda && config.provider() == ExecutionProvider.AUTO && CUDA_FALLBACK_REPORTED.compareAndSet(false, true)) {
            LOG.info("No NVIDIA driver on this machine (none of {}); running ONNX models on CPU",
                    NvidiaDriver.LINUX_MARKERS);
        }
        try {
            return new OnnxModel(openWith(config, false, opener), ExecutionProvider.CPU);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a session is first tried on CUDA: always when CUDA is asked for (its failure is then an error), never
     * for the CPU, and for AUTO only where an NVIDIA driver may be present ({@link NvidiaDriver}).
     */
    static boolean triesCuda(ExecutionProvider provider, boolean driverMayBePresent) {
        return switch (provider) {
            case CUDA -> true;
            case CPU -> false;
            case AUTO -> driverMayBePresent;
        };
    }

    /** Session options as Sightline uses them; the caller closes them. Package-private for benchmarks. */
    static OrtSession.SessionOptions options(SessionConfig config, boolean cuda) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(config.intraOpThreads());
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(config.layoutOptimization()
                    ? OrtSession.SessionOptions.OptLevel.ALL_OPT : OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // No busy-waiting between operators: the decode threads and Kafka share the cores with ONNX
            // Runtime, and spinning workers starve them (measured in docs/performance.md).
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (cuda) {
                if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                    throw new IllegalStateException("this ONNX Runtime build has no CUDA execution provider");
                }
                try (OrtCUDAProviderOptions cudaOptions = new OrtCUDAProviderOptions(config.cudaDeviceId())) {
                    cudaOptions.add("cudnn_conv_algo_search", "HEURISTIC");
                    cudaOptions.add("arena_extend_strategy", "kSameAsRequested");
                    if (config.gpuMemLimitBytes() > 0) {
                        cudaOptions.add("gpu_mem_limit", Long.toString(config.gpuMemLimitBytes()));
                    }
                    options.addCUDA(cudaOptions);
                }
            }
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }

    private static OrtSession openWith(SessionConfig config, boolean cuda, SessionOpener opener) throws OrtException {
        try (OrtSession.SessionOptions options = options(config, cuda)) {
            return opener.open(options);
        }
    }

    private static String cudaFailure(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("\\s+", " ").trim();
        int detail = message.lastIndexOf("FAIL : ");
        if (detail >= 0) {
            message = message.substring(detail + "FAIL : ".length());
        }
        return message.length() > 300 ? message.substring(0, 300) + "..." : message;
    }
}
