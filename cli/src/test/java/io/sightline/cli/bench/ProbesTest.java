package io.sightline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProbesTest {

    @Test
    void readsPeakAndCurrentResidentSetFromProcStatus() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t 1234567 kB", "VmRSS:\t  1000 kB");
        assertEquals(OptionalLong.of(1234567), MemoryProbe.kibibytes(status, "VmHWM"));
        assertEquals(OptionalLong.of(1000), MemoryProbe.kibibytes(status, "VmRSS"));
        assertTrue(MemoryProbe.kibibytes(status, "VmSwap").isEmpty());
    }

    @Test
    void readsTheCpuModel() {
        List<String> cpuinfo = List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC 7B13", "");
        assertEquals("AMD EPYC 7B13", MachineProbe.cpuModel(cpuinfo).orElseThrow());
        assertTrue(MachineProbe.cpuModel(List.of()).isEmpty());
    }

    @Test
    void serviceLatencyOfOkResultsOnly() {
        assertEquals(12.5, KafkaLoad.serviceLatencyMs("{\"requestId\":\"r\",\"status\":\"ok\",\"latencyMs\":12.5}".getBytes()));
        assertTrue(Double.isNaN(KafkaLoad.serviceLatencyMs("{\"requestId\":\"r\",\"status\":\"error\",\"latencyMs\":1}".getBytes())));
        assertTrue(Double.isNaN(KafkaLoad.serviceLatencyMs("not json".getBytes())));
    }

    @Test
    void serviceMetersDifference() {
        ServiceMeters before = new ServiceMeters(1.0, 10, 100, 0.5, 1.0, 0.1, 4, 0.2, 30);
        ServiceMeters after = new ServiceMeters(3.0, 20, 260, 0.82, 1.8, 0.26, 9, 0.3, 50);
        ServiceMeters run = after.since(before);
        assertEquals(16, run.meanBatch(), 1e-12);
        assertEquals(80, run.modelImagesPerSecond(), 1e-12);
        assertEquals(new BenchResult.ServiceStages(2.0, 5.0, 1.0, 200.0, 0.5, 5.0), run.stagesMs());
    }
}
