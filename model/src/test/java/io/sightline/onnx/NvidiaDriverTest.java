package io.sightline.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvidiaDriverTest {
    @TempDir
    Path dir;

    @Test
    void onLinuxAnyMarkerOfTheDriverSaysMaybe() throws Exception {
        List<Path> markers = List.of(dir.resolve("driver"), dir.resolve("nvidiactl"));
        assertFalse(NvidiaDriver.mayBePresent("Linux", markers), "no marker: no driver");
        Files.createFile(markers.get(1));
        assertTrue(NvidiaDriver.mayBePresent("Linux", markers));
    }

    @Test
    void elsewhereTheAnswerIsMaybe() {
        assertTrue(NvidiaDriver.mayBePresent("Windows 11", List.of(dir.resolve("absent"))));
    }

    @Test
    void autoTriesCudaOnlyWhereADriverMayBeAndCudaAlways() {
        assertTrue(OnnxSessions.triesCuda(ExecutionProvider.AUTO, true));
        assertFalse(OnnxSessions.triesCuda(ExecutionProvider.AUTO, false));
        assertTrue(OnnxSessions.triesCuda(ExecutionProvider.CUDA, false), "asked for, CUDA is tried and its failure said");
        assertFalse(OnnxSessions.triesCuda(ExecutionProvider.CPU, true));
    }

    @Test
    void thisMachineAgreesWithItsDeviceFiles() {
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        boolean devices = NvidiaDriver.LINUX_MARKERS.stream().anyMatch(Files::exists);
        assertTrue(NvidiaDriver.mayBePresentHere() == (devices || !linux));
    }
}
