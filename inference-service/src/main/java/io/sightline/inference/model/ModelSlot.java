package io.sightline.inference.model;

import io.sightline.image.Preprocessing;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one serving model, swapped atomically. {@link #acquire} hands out a reference that the caller
 * must {@link ServingModel#release}; the replaced model is closed once its last batch releases it.
 */
public final class ModelSlot implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSlot.class);

    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private final Consumer<ModelInfo> onSwap;

    public ModelSlot(Consumer<ModelInfo> onSwap) {
        this.onSwap = onSwap;
    }

    /** The serving model with a reference taken, or empty before the first model. */
    public Optional<ServingModel> acquire() {
        while (true) {
            ServingModel model = current.get();
            if (model == null) {
                return Optional.empty();
            }
            if (model.tryRetain()) {
                return Optional.of(model);
            }
            // The model was swapped out and closed between get and retain: read the new one.
        }
    }

    public Optional<ModelInfo> info() {
        ServingModel model = current.get();
        return model == null ? Optional.empty() : Optional.of(model.info());
    }

    /** How the serving model wants its pictures prepared, or empty before the first model. */
    public Optional<Preprocessing> preprocessing() {
        ServingModel model = current.get();
        return model == null ? Optional.empty() : Optional.of(model.model().preprocessing());
    }

    /** Model runs the serving model allows at once; 1 before the first model. */
    public int parallelRuns() {
        ServingModel model = current.get();
        return model == null ? 1 : model.plan().parallelRuns();
    }

    public int servingVersion() {
        ServingModel model = current.get();
        return model == null ? 0 : model.version();
    }

    /** Makes {@code next} the serving model; the previous one closes after its running batches. */
    public void swap(ServingModel next) {
        ServingModel previous = current.getAndSet(next);
        onSwap.accept(next.info());
        if (previous != null) {
            LOG.info("Now serving model {} version {} on {} (was version {})", next.info().name(), next.version(),
                    next.info().provider(), previous.version());
            previous.release();
        } else {
            LOG.info("Now serving model {} version {} on {}", next.info().name(), next.version(), next.info().provider());
        }
    }

    @Override
    public void close() {
        ServingModel previous = current.getAndSet(null);
        if (previous != null) {
            previous.release();
        }
    }
}
