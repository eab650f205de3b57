package io.sightline.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** CPU by thread group: names map to groups, and a thread's own CPU lands in its group. */
class ThreadCpuTest {
    @Test
    void threadNamesSayWhatTheyDo() {
        assertEquals(ThreadCpu.Group.MODEL, ThreadCpu.groupOf("inference-run-2"));
        assertEquals(ThreadCpu.Group.DECODE, ThreadCpu.groupOf("inference-decode-3"));
        assertEquals(ThreadCpu.Group.REQUEST_LOOP, ThreadCpu.groupOf("inference-kafka"));
        assertEquals(ThreadCpu.Group.REQUEST_LOOP,
                ThreadCpu.groupOf("kafka-producer-network-thread | sightline-inference-instance-1"));
        assertEquals(ThreadCpu.Group.OBJECT_STORE, ThreadCpu.groupOf("qtp12345-17"));
        assertEquals(ThreadCpu.Group.OBJECT_STORE, ThreadCpu.groupOf("OkHttp http://127.0.0.1:9000/..."));
        assertEquals(ThreadCpu.Group.BENCH_CLIENT, ThreadCpu.groupOf("kafka-producer-network-thread | sightline-bench-requests"));
        assertEquals(ThreadCpu.Group.BROKER_AND_OTHERS, ThreadCpu.groupOf("data-plane-kafka-request-handler-0"));
        assertTrue(ThreadCpu.Group.DECODE.aroundTheModel());
        assertTrue(!ThreadCpu.Group.MODEL.aroundTheModel() && !ThreadCpu.Group.JIT.aroundTheModel());
    }

    @Test
    void aBusyThreadsCpuIsCountedInItsGroup() throws Exception {
        ThreadCpu.Snapshot before = ThreadCpu.take();
        long spentNanos = 200_000_000L;
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread decoder = new Thread(() -> {
            long sum = 0;
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() < spentNanos) {
                sum += Long.numberOfTrailingZeros(sum + 1);
            }
            spun.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "inference-decode-test");
        decoder.start();
        try {
            assertTrue(spun.await(2, TimeUnit.MINUTES));
            ThreadCpu.Snapshot used = ThreadCpu.take().since(before);
            long decode = used.nanos().get(ThreadCpu.Group.DECODE);
            assertTrue(decode >= spentNanos, "the decode thread's CPU is in its group: " + used);
            Map<String, Double> perPicture = used.msPerPicture(10);
            assertEquals(ThreadCpu.Group.values().length, perPicture.size());
            assertTrue(perPicture.get("decode") >= spentNanos / 1e6 / 10, perPicture.toString());
            assertTrue(perPicture.values().stream().allMatch(ms -> ms >= 0), perPicture.toString());
        } finally {
            release.countDown();
            decoder.join();
        }
    }
}
