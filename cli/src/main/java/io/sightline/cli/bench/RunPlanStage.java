package io.sightline.cli.bench;

import io.sightline.inference.model.ModelSlot;
import io.sightline.inference.plan.PlanChoice;
import io.sightline.inference.plan.PlanConfig;
import io.sightline.inference.plan.PlanFigure;
import io.sightline.inference.plan.PlanKey;
import io.sightline.inference.plan.PlanSpace;
import io.sightline.inference.plan.RunPlanner;
import io.sightline.inference.plan.SessionTrial;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import java.time.Clock;
import java.util.Optional;

/**
 * Step 1c: the inference service's run planner on the bench model (and its int8 form), bare, as a model load
 * does it: the candidates (one wide session, N narrow ones, batch sizes) timed on a synthetic batch, the fastest
 * kept. Also reads the plan the service in the all-in-one process chose for the model it serves.
 */
final class RunPlanStage {
    private final SessionConfig session;
    private final PlanConfig config;
    private final int maxBatch;

    /**
     * @param config   the planner's settings (the service's defaults unless --set changes them)
     * @param maxBatch --max-batch; 0 = the service's default
     */
    RunPlanStage(SessionConfig session, PlanConfig config, int maxBatch) {
        this.session = session;
        this.config = config;
        this.maxBatch = maxBatch;
    }

    /** The service's planner settings from the bench's --set overrides, else its defaults. */
    static PlanConfig config(java.util.Map<String, String> overrides) {
        String seconds = overrides == null ? null : overrides.get("sightline.inference.plan.measure-seconds");
        return seconds == null ? PlanConfig.defaults() : new PlanConfig(Double.parseDouble(seconds.trim()), null, null);
    }

    BenchResult.RunPlanResult run(BenchModel model, String name, Progress progress) {
        progress.line("run plans: measuring the candidates for the " + name + " model");
        try (ClassifierModel wide = ClassifierModel.open(model.model(), session)) {
            PlanSpace space = PlanSpace.of(config, wide.provider(), session.intraOpThreads(), maxBatch, 0);
            wide.warmUp(space.largestBatch());
            SessionConfig narrow = session.withProvider(ExecutionProvider.CPU);
            RunPlanner planner = new RunPlanner(provider -> space, config.measureTime(), Clock.systemUTC());
            try (SessionTrial trial = new SessionTrial(wide, session.intraOpThreads(),
                    threads -> warmed(model, narrow.withIntraOpThreads(threads), space.largestBatch()), space.largestBatch())) {
                return result(name, planner.choose(PlanKey.of(wide), space, trial, 0));
            }
        }
    }

    private static ClassifierModel warmed(BenchModel model, SessionConfig config, int batch) {
        ClassifierModel opened = ClassifierModel.open(model.model(), config);
        try {
            opened.warmUp(batch);
            return opened;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** The plan of the model the all-in-one's inference service serves, if one serves. */
    static Optional<BenchResult.RunPlanResult> served(BenchServer server) {
        return server.allInOne().services().getBean(ModelSlot.class).info()
                .map(info -> result("service, version " + info.version() + " (" + info.precision().wire() + ")",
                        info.runPlan()));
    }

    static BenchResult.RunPlanResult result(String model, PlanChoice choice) {
        boolean measured = choice.basis() == PlanChoice.Basis.MEASUREMENT;
        return new BenchResult.RunPlanResult(model, choice.plan().label(), choice.plan().parallelRuns(),
                choice.plan().threadsPerRun(), choice.plan().batchSize(),
                measured ? Rate.round(choice.imagesPerSecond(), 2) : null, choice.basis().wire(), choice.note(),
                measured ? choice.measuredAt().toString() : null, Rate.round(choice.measureSeconds(), 2),
                choice.candidates().stream().map(RunPlanStage::candidate).toList());
    }

    private static BenchResult.PlanCandidate candidate(PlanFigure figure) {
        return new BenchResult.PlanCandidate(figure.plan().label(), figure.plan().parallelRuns(),
                figure.plan().threadsPerRun(), figure.plan().batchSize(), Rate.round(figure.imagesPerSecond(), 2),
                figure.images(), figure.runs(), Rate.round(figure.seconds(), 2));
    }
}
