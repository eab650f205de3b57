package io.sightline.inference.model;

import io.sightline.contract.ImageIds;
import io.sightline.contract.ModelPublished;
import io.sightline.onnx.ClassifierModel;
import io.sightline.onnx.ExecutionProvider;
import io.sightline.onnx.SessionConfig;
import io.sightline.storage.ObjectStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Clock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link ModelPublished} into a {@link ServingModel} that is safe to swap in: the artifact is
 * fetched from S3, its SHA-256 compared with the event's, the session opened, and warmed up with one
 * batch at the size it will run whose answer must be a probability row per picture. When the
 * {@link RunPlan} for the provider it opened on asks for parallel runs on CPU, a second, narrow session
 * (the cores shared out between the runs) is opened and checked the same way.
 * A {@link ModelRefusedException} means this version is never served; a storage failure may be retried.
 */
public final class ModelLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private static final double SUM_TOLERANCE = 1e-3;

    private final ObjectStore store;
    private final SessionConfig session;
    private final Function<ExecutionProvider, RunPlan> plans;
    private final Clock clock;

    public ModelLoader(ObjectStore store, SessionConfig session, Function<ExecutionProvider, RunPlan> plans, Clock clock) {
        this.store = store;
        this.session = session;
        this.plans = plans;
        this.clock = clock;
    }

    public ServingModel load(ModelPublished event) {
        long started = System.nanoTime();
        byte[] bytes = store.get(event.artifact().bucket(), event.artifact().key());
        String actual = ImageIds.sha256Hex(bytes);
        if (!actual.equalsIgnoreCase(event.sha256())) {
            throw new ModelRefusedException("model " + event.name() + " version " + event.version() + " at "
                    + event.artifact() + " has SHA-256 " + actual + " but the event promised " + event.sha256()
                    + "; the artifact was changed or damaged");
        }
        ClassifierModel model = openChecked(bytes, session, event, null, null);
        RunPlan plan = plans.apply(model.provider());
        ClassifierModel narrow = null;
        if (model.provider() == ExecutionProvider.CPU && plan.parallelRuns() > 1) {
            SessionConfig shared = session.withProvider(ExecutionProvider.CPU)
                    .withIntraOpThreads(Math.max(1, session.intraOpThreads() / plan.parallelRuns()));
            narrow = openChecked(bytes, shared, event, plan, model);
        }
        LOG.info("Loaded model {} version {} ({} labels, backbone {}, {}, {}, batch {}, {} parallel runs) in {} ms",
                event.name(), event.version(), model.labels().size(), model.backbone().id(), model.precision().wire(),
                model.provider(), plan.batchSize(), plan.parallelRuns(), (System.nanoTime() - started) / 1_000_000);
        return new ServingModel(model, narrow, new ModelInfo(event.name(), event.version(), model.labels(),
                model.provider(), model.backbone(), actual, clock.instant(), model.precision(), model.unknown()), plan);
    }

    /**
     * Opens, checks the labels and warms up one session at the plan's batch size ({@code plan} null: the plan
     * for the provider it opened on); on failure closes it and {@code alsoClose}.
     */
    private ClassifierModel openChecked(byte[] bytes, SessionConfig config, ModelPublished event, RunPlan plan,
                                        ClassifierModel alsoClose) {
        ClassifierModel model;
        try {
            model = ClassifierModel.open(bytes, config);
        } catch (RuntimeException e) {
            closeQuietly(alsoClose);
            throw new ModelRefusedException("model " + event.name() + " version " + event.version()
                    + " cannot be opened: " + e.getMessage(), e);
        }
        try {
            if (!model.labels().equals(event.labels())) {
                throw new ModelRefusedException("model " + event.name() + " version " + event.version()
                        + " records labels " + model.labels() + " but the event lists " + event.labels());
            }
            checkAnswers(model, event, (plan != null ? plan : plans.apply(model.provider())).batchSize());
            return model;
        } catch (RuntimeException e) {
            closeQuietly(model);
            closeQuietly(alsoClose);
            throw e instanceof ModelRefusedException refused ? refused
                    : new ModelRefusedException("model " + event.name() + " version " + event.version()
                    + " failed its warm-up run: " + e.getMessage(), e);
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
