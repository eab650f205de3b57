package io.sightline.inference.model;

import io.sightline.contract.ModelPublished;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which published version to serve: the highest one of the configured model name that is
 * newer than the serving one and was not refused. A refused version (bad checksum, broken model) is
 * logged once and skipped for good, and the previous version keeps serving (or, at start, the next
 * lower version is tried). Not thread-safe: {@link #reconcile} runs on one loader thread.
 */
public final class ModelUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    /** What a {@link #reconcile} call did. */
    public enum Outcome {
        /** Nothing newer to load. */
        UP_TO_DATE,
        /** A newer version now serves. */
        SWAPPED,
        /** Loading failed for a reason that may pass (storage); try again later. */
        RETRY
    }

    private final String name;
    private final Function<ModelPublished, ServingModel> loader;
    private final ModelSlot slot;
    private final NavigableMap<Integer, ModelPublished> versions = new TreeMap<>();
    private final Set<Integer> refused = new HashSet<>();

    public ModelUpdater(String name, Function<ModelPublished, ServingModel> loader, ModelSlot slot) {
        this.name = name;
        this.loader = loader;
        this.slot = slot;
    }

    /** Records a published version; other model names are ignored. */
    public synchronized boolean onPublished(ModelPublished event) {
        if (!name.equals(event.name())) {
            return false;
        }
        ModelPublished previous = versions.put(event.version(), event);
        if (previous != null && !previous.sha256().equals(event.sha256())) {
            LOG.warn("Model {} version {} was published again with a different SHA-256; using the later event",
                    name, event.version());
            refused.remove(event.version());
        }
        return true;
    }

    /** Loads the newest servable version, if newer than the serving one. */
    public Outcome reconcile() {
        Outcome outcome = Outcome.UP_TO_DATE;
        while (true) {
            Optional<ModelPublished> candidate = nextCandidate();
            if (candidate.isEmpty()) {
                return outcome;
            }
            ModelPublished event = candidate.get();
            try {
                LOG.info("Loading model {} version {} from {}", name, event.version(), event.artifact());
                slot.swap(loader.apply(event));
                outcome = Outcome.SWAPPED;
            } catch (ModelRefusedException e) {
                LOG.error("Refusing model {} version {}: {}. {}", name, event.version(), e.getMessage(),
                        slot.servingVersion() > 0 ? "Still serving version " + slot.servingVersion() + "."
                                : "No model serves yet.");
                markRefused(event.version());
            } catch (RuntimeException e) {
                LOG.error("Cannot load model {} version {} now ({}); will try again", name, event.version(), e.getMessage());
                return Outcome.RETRY;
            }
        }
    }

    private synchronized Optional<ModelPublished> nextCandidate() {
        int serving = slot.servingVersion();
        return versions.descendingMap().values().stream()
                .filter(event -> event.version() > serving && !refused.contains(event.version()))
                .findFirst();
    }

    private synchronized void markRefused(int version) {
        refused.add(version);
    }

    public synchronized Set<Integer> refusedVersions() {
        return Set.copyOf(refused);
    }
}
