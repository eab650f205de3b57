package io.sightline.inference.model;

import io.sightline.contract.ImageIds;
import io.sightline.contract.ModelPublished;
import io.sightline.inference.plan.PlanChoice;
import io.sightline.inference.plan.PlanKey;
import io.sightline.inference.plan.PlanSpace;
import io.sightline.inference.plan.RunPlan;
import io.sightline.inference.plan.RunPlanner;
import io.sightline.inference.plan.SessionTrial;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ModelHandover;
import io.sightline.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link ModelPublished} into a {@link ServingModel} that is safe to swap in: the artifact is
 * fetched from S3 (or taken from the trainer of the same process, {@link ModelHandover}), its SHA-256 compared
 * with the event's, the session opened, and warmed up with one
 * batch at the largest size any plan runs, whose answer must be a probability row per picture. Then the
 * {@link RunPlanner} chooses the plan for the provider it opened on (measured on this machine, before the
 * model is announced as serving); the narrow sessions of the kept plan (the cores shared out between
 * parallel runs on CPU) are opened and checked the same way, or kept from the measurement.
 * A {@link ModelRefusedException} means this version is never served; a storage failure may be retried.
 * Runs on the model loader thread, never on a request's.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private static final double SUM_TOLERANCE = 1e-3;

    private final ObjectStore store;
    private final SessionConfig session;
    private final RunPlanner planner;
    private final Clock clock;
    private final ModelHandover handover;

    public ModelLoader(ObjectStore store, SessionConfig session, RunPlanner planner, Clock clock) {
        this(store, session, planner, clock, null);
    }

    /** {@code handover}: the trainer of this process hands over what it publishes (null where there is none). */
    public ModelLoader(ObjectStore store, SessionConfig session, RunPlanner planner, Clock clock, ModelHandover handover) {
        this.handover = handover;
        this.store = store;
        this.session = session;
        this.planner = planner;
        this.clock = clock;
    }

    public ServingModel load(ModelPublished event) {
        long started = System.nanoTime();
        Optional<byte[]> handed = handedOver(event);
        byte[] bytes = handed.orElseGet(() -> store.get(event.artifact().bucket(), event.artifact().key()));
        String actual = ImageIds.sha256Hex(bytes);
        if (!actual.equalsIgnoreCase(event.sha256())) {
            throw new ModelRefusedException("model " + event.name() + " version " + event.version() + " at "
                    + event.artifact() + " has SHA-256 " + actual + " but the event promised " + event.sha256()
                    + "; the artifact was changed or damaged");
        }
        long fetched = System.nanoTime();
        ClassifierModel model = open(bytes, session, event);
        long sessionOpened = System.nanoTime();
        PlanChoice choice;
        List<ClassifierModel> narrow;
        try {
            PlanSpace space = planner.space(model.provider());
            check(model, event, space.largestBatch());
            SessionConfig cpu = session.withProvider(ExecutionProvider.CPU);
            try (SessionTrial trial = new SessionTrial(model, session.intraOpThreads(), threads -> {
                ClassifierModel opened = open(bytes, cpu.withIntraOpThreads(threads), event);
                check(opened, event, space.largestBatch());
                return opened;
            }, space.largestBatch())) {
                choice = planner.choose(PlanKey.of(model), space, trial, event.version());
                narrow = trial.take(choice.plan());
            }
        } catch (RuntimeException e) {
            closeQuietly(model);
            if (Thread.currentThread().isInterrupted()) {
                throw e; // closing down while loading: not the model's fault
            }
            throw e instanceof ModelRefusedException refused ? refused
                    : new ModelRefusedException("model " + event.name() + " version " + event.version()
                    + " failed its warm-up run: " + e.getMessage(), e);
        }
        RunPlan plan = choice.plan();
        long now = System.nanoTime();
        LOG.info("Loaded model {} version {} ({} labels, backbone {}, {}, {}, plan {} by {}, {} sessions) in {} ms: "
                        + "{} {} ms, open {} ms, check and plan {} ms",
                event.name(), event.version(), model.labels().size(), model.backbone().id(), model.precision().wire(),
                model.provider(), plan.label(), choice.basis().wire(), 1 + narrow.size(), (now - started) / 1_000_000,
                handed.isPresent() ? "handed over and checked" : "fetched and checked", (fetched - started) / 1_000_000,
                (sessionOpened - fetched) / 1_000_000, (now - sessionOpened) / 1_000_000);
        return new ServingModel(model, narrow, new ModelInfo(event.name(), event.version(), model.labels(),
                model.provider(), model.backbone(), actual, clock.instant(), model.precision(), model.unknown(), choice));
    }

    /** The model's bytes as the trainer of this process handed them over, if it did; checked like downloaded ones. */
    private Optional<byte[]> handedOver(ModelPublished event) {
        return handover == null ? Optional.empty() : handover.take(event.sha256());
    }

    /** Opens one session; a model ONNX Runtime cannot open is refused. */
    private static ClassifierModel open(byte[] bytes, SessionConfig config, ModelPublished event) {
        try {
            return ClassifierModel.open(bytes, config);
        } catch (RuntimeException e) {
            throw new ModelRefusedException("model " + event.name() + " version " + event.version()
                    + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Checks the labels and warms up at {@code batch}; on failure closes the session. */
    private static void check(ClassifierModel model, ModelPublished event, int batch) {
        try {
            if (!model.labels().equals(event.labels())) {
                throw new ModelRefusedException("model " + event.name() + " version " + event.version()
                        + " records labels " + model.labels() + " but the event lists " + event.labels());
            }
            checkAnswers(model, event, batch);
        } catch (RuntimeException e) {
            closeQuietly(model);
            throw e;
        }
    }

    private static void closeQuietly(ClassifierModel model) {
        if (model == null) {
            return;
        }
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing a refused model's session failed: {}", e.toString());
        }
    }

    /**
     * Warm-up and check in one: a full batch of mid-grey pictures (the first run at a batch size is when
     * ONNX Runtime allocates and, on CUDA, searches convolution algorithms); each row must be finite,
     * non-negative and sum to 1, and an unknown score, where the model has one, must be a number.
     */
    static void checkAnswers(ClassifierModel model, ModelPublished event, int pictures) {
        int values = model.preprocessing().valuesPerImage();
        FloatBuffer grey = ByteBuffer.allocateDirect(pictures * values * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < pictures * values; i++) {
            grey.put(i, 0.5f);
        }
        ClassifierModel.Outputs outputs = model.classify(grey, pictures);
        float[][] rows = outputs.probabilities();
        if (outputs.unknownScores() != null) {
            for (float score : outputs.unknownScores()) {
                if (Float.isNaN(score)) {
                    throw new ModelRefusedException("model version " + event.version() + " answered an unknown score of NaN");
                }
            }
        }
        if (rows.length != pictures) {
            throw new ModelRefusedException("model version " + event.version() + " answered " + rows.length
                    + " rows for " + pictures + " pictures");
        }
        for (float[] row : rows) {
            if (row.length != model.labels().size()) {
                throw new ModelRefusedException("model version " + event.version() + " answered " + row.length
                        + " probabilities for " + model.labels().size() + " labels");
            }
            double sum = 0;
            for (float p : row) {
                if (!Float.isFinite(p) || p < 0) {
                    throw new ModelRefusedException("model version " + event.version() + " answered a probability of " + p);
                }
                sum += p;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new ModelRefusedException("model version " + event.version() + " answered probabilities summing to " + sum);
            }
        }
    }
}
