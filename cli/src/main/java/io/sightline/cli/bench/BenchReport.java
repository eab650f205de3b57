package io.sightline.cli.bench;

import io.sightline.cli.console.Table;
import java.util.Locale;

/** The table {@code sightline bench} prints. */
final class BenchReport {
    private BenchReport() {
    }

    static String render(BenchResult r) {
        StringBuilder out = new StringBuilder();
        BenchResult.Machine m = r.machine();
        out.append(String.format(Locale.ROOT, "Machine: %s, %d cores, ONNX Runtime %s (%s), Java %s%n", m.cpuModel(),
                m.cores(), m.ortVersion(), m.provider(), m.javaVersion()));
        out.append(String.format(Locale.ROOT, "Load average: %s at the start, %s at the end%n", m.loadAverageStart(),
                m.loadAverageEnd()));
        if (r.backbone() != null) {
            out.append("Backbone: ").append(r.backbone().id())
                    .append(r.backbone().pretrained().known() ? "" : " (pretrained: " + r.backbone().pretrained().wire() + ")")
                    .append(r.backbone().precision() == null ? "" : ", " + r.backbone().precision())
                    .append(System.lineSeparator());
        }
        Table table = new Table("measurement", "value", "detail");
        if (r.bareOrt() != null) {
            for (BenchResult.BareOrtBatch b : r.bareOrt().batches()) {
                table.row("bare ONNX Runtime, batch " + b.batchSize(), fmt("%.2f images/s", b.imagesPerSecond()),
                        fmt("run p50 %.1f ms, %d runs", b.latencyMs().p50(), b.runs()));
            }
        }
        if (r.bareOrtInt8() != null) {
            for (BenchResult.BareOrtBatch b : r.bareOrtInt8().batches()) {
                table.row("bare ONNX Runtime int8, batch " + b.batchSize(), fmt("%.2f images/s", b.imagesPerSecond()),
                        fmt("run p50 %.1f ms, %d runs", b.latencyMs().p50(), b.runs()));
            }
        }
        if (r.runPlans() != null) {
            for (BenchResult.RunPlanResult plan : r.runPlans()) {
                table.row("run plan, " + plan.model(), plan.chosen() + (plan.imagesPerSecond() == null ? ""
                        : fmt(", %.2f images/s", plan.imagesPerSecond())), planDetail(plan));
            }
        }
        if (r.decode() != null) {
            for (BenchResult.DecodedPicture p : r.decode().pictures()) {
                table.row("decode + preprocess, " + p.name(), fmt("%.1f ms", p.msPerPicture()),
                        fmt("%d bytes, %.1f pictures/s", p.bytes(), p.imagesPerSecond()));
            }
            table.row("decode + preprocess, the whole set", fmt("%.1f pictures/s/core", r.decode().imagesPerSecondPerCore()), "");
        }
        if (r.endToEnd() != null) {
            BenchResult.EndToEnd e = r.endToEnd();
            table.row("end to end over Kafka", fmt("%.2f images/s", e.imagesPerSecond()),
                    fmt("%.3f × bare; p50 %.0f / p95 %.0f / p99 %.0f ms; %d outstanding; %d requests, %d errors",
                            e.ratioToBareOrt(), e.latencyMs().p50(), e.latencyMs().p95(), e.latencyMs().p99(),
                            e.concurrency(), e.requests(), e.errors()));
            table.row("  inside the service", fmt("%.2f images/s in ORT", e.modelImagesPerSecond()),
                    fmt("ORT busy %.0f%% of the time, mean batch %.1f, service p50 %.0f ms; JIT %.2f cores", e.modelBusyFraction() * 100,
                            e.meanBatch(), e.serviceLatencyMs().p50(), e.compilerCores()));
            cpuRow(e.cpuPerPicture(), table);
        }
        int8Rows(r, table);
        if (r.lowLoad() != null) {
            BenchResult.LowLoad l = r.lowLoad();
            table.row("low load, one at a time", fmt("p50 %.1f ms", l.latencyMs().p50()),
                    fmt("model p50 %.1f ms, overhead %.1f ms, service p50 %.1f ms, %d requests", l.modelMs().p50(),
                            l.overheadMs(), l.serviceLatencyMs().p50(), l.requests()));
            BenchResult.ServiceStages st = l.serviceStagesMs();
            table.row("  inside the service", fmt("model %.1f ms", st.model()),
                    fmt("means: fetch %.1f ms, decode %.1f ms, queued %.1f ms per picture; Kafka transaction %.1f ms; "
                            + "%.0f%% of runs on every core; JIT %.2f cores", st.fetch(), st.decode(), st.queued(),
                            st.transaction(), st.wideRunFraction() * 100, l.compilerCores()));
        }
        if (r.train() != null) {
            BenchResult.Train t = r.train();
            table.row("head training", fmt("%.2f s", t.seconds()), fmt("%d x %d, %d classes, %d iterations, %s",
                    t.images(), t.dimension(), t.classes(), t.iterations(), t.stopReason()));
        }
        if (r.retrain() != null) {
            BenchResult.Retrain t = r.retrain();
            table.row("retrain after one picture", fmt("%.1f s", t.seconds()), fmt(
                    "%d-picture dataset, v%d -> v%d; embed %.1f s, first training %.1f s",
                    t.images(), t.fromVersion(), t.toVersion(), t.embedSeconds(), t.firstVersionSeconds()));
        }
        if (r.memory() != null) {
            BenchResult.Memory mem = r.memory();
            table.row("memory", fmt("peak RSS %.0f MiB", mem.rssMb()), fmt("heap in use %.0f MiB (max %.0f), RSS now %.0f MiB",
                    mem.heapMb(), mem.maxHeapMb(), mem.currentRssMb()));
        }
        out.append(table.render());
        if (r.targets() != null && !r.targets().isEmpty()) {
            out.append(System.lineSeparator());
            Table targets = new Table("target", "asked", "measured", "");
            r.targets().forEach(t -> targets.row(t.name(), t.target(), t.measured(), t.met() ? "met" : "MISSED"));
            out.append(targets.render());
        }
        return out.toString();
    }

    /** CPU per picture by thread group: the model's share and the work around it. */
    private static void cpuRow(BenchResult.CpuPerPicture cpu, Table table) {
        if (cpu == null) {
            return;
        }
        StringBuilder groups = new StringBuilder();
        cpu.msByGroup().forEach((group, ms) -> groups.append(groups.length() == 0 ? "" : ", ")
                .append(group).append(' ').append(fmt("%.1f", ms)));
        table.row("  CPU per picture", fmt("%.1f ms around the model in the service", cpu.aroundTheModel()),
                fmt("+ %.1f ms of infrastructure in this process (broker, S3 server, other services: elsewhere in "
                        + "production, not counted); ", cpu.infrastructure()) + groups + " (ms)");
    }

    private static void int8Rows(BenchResult r, Table table) {
        if (r.endToEndInt8() != null) {
            BenchResult.EndToEndInt8 e = r.endToEndInt8();
            table.row("end to end over Kafka, int8", fmt("%.2f images/s", e.imagesPerSecond()),
                    fmt("%.2f × fp32; p50 %.0f / p95 %.0f / p99 %.0f ms; %d requests, %d errors; %.2f images/s in ORT",
                            e.ratioToEndToEnd(), e.latencyMs().p50(), e.latencyMs().p95(), e.latencyMs().p99(),
                            e.requests(), e.errors(), e.modelImagesPerSecond()));
        }
        if (r.embedding() != null) {
            BenchResult.Embedding e = r.embedding();
            table.row("embedding " + e.pictures() + " pictures", fmt("fp32 %.2f s, int8 %.2f s", e.fp32Seconds(),
                    e.int8Seconds()), fmt("+ %.2f s calibrating int8 on %d of them: %.2f × fp32's speed with it, %.2f × "
                    + "with ranges kept; %s", e.calibrationSeconds(), e.calibrationPictures(), e.ratioWithCalibration(),
                    e.ratioRangesKept(), e.source()));
        }
        if (r.int8Accuracy() != null) {
            BenchResult.Int8Accuracy a = r.int8Accuracy();
            table.row("int8 against fp32", fmt("%.3f top-1 agreement", a.int8()),
                    fmt("%d pictures; features: cosine %.4f, relative L2 %.4f; random head, no true labels",
                            a.pictures(), a.meanFeatureCosine(), a.meanFeatureRelativeL2()));
        }
    }

    /** How the plan was chosen and each candidate's images/s (runs x threads, batch). */
    private static String planDetail(BenchResult.RunPlanResult plan) {
        if (plan.candidates().isEmpty()) {
            return plan.basis() + (plan.note() == null ? "" : ": " + plan.note());
        }
        StringBuilder detail = new StringBuilder(fmt("%s in %.1f s:", plan.basis(), plan.measureSeconds()));
        plan.candidates().forEach(c -> detail.append(fmt(" %s %.1f", c.plan(), c.imagesPerSecond())));
        return detail.toString();
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
