package io.sightline.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads what describes the machine: CPU model and load average from /proc (Linux), cores from the JVM. */
final class MachineProbe {
    private MachineProbe() {
    }

    /** The machine of a run that started at load average {@code loadAtStart}, its sessions on {@code provider}. */
    static BenchResult.Machine describe(String provider, String loadAtStart) {
        return new BenchResult.Machine(cores(), cpuModel(), io.sightline.onnx.OnnxSessions.environment().getVersion(),
                provider, System.getProperty("java.version"), loadAtStart, loadAverage());
    }

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The {@code model name} of /proc/cpuinfo, or {@code os.arch} where there is none. */
    static String cpuModel() {
        return cpuModel(readLines(Path.of("/proc/cpuinfo"))).orElse(System.getProperty("os.arch"));
    }

    static Optional<String> cpuModel(List<String> cpuinfo) {
        return cpuinfo.stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst();
    }

    /** The first three fields of /proc/loadavg (1, 5 and 15 minutes), or "unknown". */
    static String loadAverage() {
        List<String> lines = readLines(Path.of("/proc/loadavg"));
        if (lines.isEmpty()) {
            return "unknown";
        }
        String[] fields = lines.get(0).trim().split("\\s+");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : lines.get(0).trim();
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
