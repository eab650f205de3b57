package io.sightline.inference.model;

import io.sightline.onnx.ClassifierModel;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model with a reference count: the {@link ModelSlot} holds one reference while the model is
 * current, and every batch that runs on it holds one more. The ONNX session is closed when the last
 * reference is released, so a swap never closes a model under a running batch.
 */
public final class ServingModel {
    private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);

    private final ClassifierModel model;
    private final ModelInfo info;
    private final AtomicInteger references = new AtomicInteger(1);

    public ServingModel(ClassifierModel model, ModelInfo info) {
        this.model = model;
        this.info = info;
    }

    public ClassifierModel model() {
        return model;
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
            model.close();
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
