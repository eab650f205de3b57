package io.sightline.inference.model;

import io.sightline.inference.plan.RunPlan;
import io.sightline.onnx.ClassifierModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model with a reference count: the {@link ModelSlot} holds one reference while the model is
 * current, and every batch that runs on it holds one more. The ONNX sessions are closed when the last
 * reference is released, so a swap never closes a model under a running batch.
 *
 * <p>A model has its wide session (every configured thread) and, on CPU with several parallel runs, narrow
 * ones (the threads shared out between the runs) for runs that overlap others; see {@link RunPlan}.
 */
public final class ServingModel {
    private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);

    private final ClassifierModel model;
    private final List<ClassifierModel> narrow;
    private final RunPlan plan;
    private final ModelInfo info;
    private final AtomicInteger references = new AtomicInteger(1);

    /**
     * @param narrow the sessions for overlapping runs (one shared, or one per run), or empty to run every batch on
     *               {@code model}
     * @param info   what it is, with the plan's choice
     */
    public ServingModel(ClassifierModel model, List<ClassifierModel> narrow, ModelInfo info) {
        this.model = model;
        this.narrow = List.copyOf(narrow);
        this.info = info;
        this.plan = info.runPlan().plan();
    }

    /** The wide session: labels, preprocessing, and runs that go alone. */
    public ClassifierModel model() {
        return model;
    }

    /**
     * The session for a run: the wide one when the run goes alone, else runner {@code runner}'s narrow one if
     * there are any.
     */
    public ClassifierModel sessionFor(boolean alone, int runner) {
        return alone || narrow.isEmpty() ? model : narrow.get(runner % narrow.size());
    }

    public RunPlan plan() {
        return plan;
    }

    public ModelInfo info() {
        return info;
    }

    public int version() {
        return info.version();
    }

    /** Takes a reference unless the model is already released for good; false then. */
    boolean tryRetain() {
        while (true) {
            int now = references.get();
            if (now <= 0) {
                return false;
            }
            if (references.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the ONNX session. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            try {
                model.close();
            } finally {
                narrow.forEach(ClassifierModel::close);
            }
            LOG.info("Closed model {} version {} (no batch uses it any more)", info.name(), info.version());
        } else if (left < 0) {
            throw new IllegalStateException("model version " + info.version() + " released more often than retained");
        }
    }

    /** References held now (the slot's plus running batches'). */
    int references() {
        return references.get();
    }

    boolean isClosed() {
        return references.get() <= 0;
    }
}
