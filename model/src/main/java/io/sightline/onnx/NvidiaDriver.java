package io.sightline.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether this machine may have an NVIDIA GPU, asked without ONNX Runtime. On Linux the driver shows itself as
 * {@code /proc/driver/nvidia} and the device files {@code /dev/nvidiactl} and {@code /dev/nvidia0} (inside a
 * container given a GPU too), and under WSL 2 as {@code /dev/dxg}, through which the Windows driver serves CUDA;
 * without any of them CUDA cannot work, and {@link ExecutionProvider#AUTO} goes straight
 * to the CPU. Trying CUDA anyway costs each process the extraction of the 369 MB CUDA provider library from the
 * ONNX Runtime jar, only to fail loading it (2.7 s of a first session here, docs/performance.md). Other systems
 * cannot be told apart this way: there the answer is maybe.
 */
final class NvidiaDriver {
    /** What the driver puts on a Linux machine. */
    static final List<Path> LINUX_MARKERS = List.of(
            Path.of("/proc/driver/nvidia"), Path.of("/dev/nvidiactl"), Path.of("/dev/nvidia0"), Path.of("/dev/dxg"));
    private static final boolean ON_THIS_MACHINE = mayBePresent(System.getProperty("os.name", ""), LINUX_MARKERS);

    private NvidiaDriver() {
    }

    /** Whether an NVIDIA driver may be present here (read once per process). */
    static boolean mayBePresentHere() {
        return ON_THIS_MACHINE;
    }

    /** False only on Linux with none of {@code markers} present. */
    static boolean mayBePresent(String osName, List<Path> markers) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return true;
        }
        return markers.stream().anyMatch(Files::exists);
    }
}
