package io.sightline.inference.model;

import io.sightline.contract.ModelPublished;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which published version to serve: the one announced last on {@code sightline.models} (one
 * partition, so announcements arrive in the order they were written), whatever its number. A newly
 * trained version, a promoted rejected candidate and a roll-back to an earlier version are all served
 * the same way: by being the latest announcement. A refused announcement (bad checksum, broken model)
 * is logged once and skipped for good; the one announced before it keeps serving (or, at start, is
 * loaded). Not thread-safe: {@link #reconcile} runs on one loader thread.
 */
public final class ModelUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(ModelUpdater.class);

    /** What a {@link #reconcile} call did. */
    public enum Outcome {
        /** The latest servable announcement already serves. */
        UP_TO_DATE,
        /** Another version now serves. */
        SWAPPED,
        /** Loading failed for a reason that may pass (storage); try again later. */
        RETRY
    }

    private final String name;
    private final Function<ModelPublished, ServingModel> loader;
    private final ModelSlot slot;
    /** This model's announcements in topic order, each (version, sha256) once, at its latest position. */
    private final List<ModelPublished> announcements = new ArrayList<>();
    private final Set<String> refused = new HashSet<>();
    private ModelPublished serving;

    public ModelUpdater(String name, Function<ModelPublished, ServingModel> loader, ModelSlot slot) {
        this.name = name;
        this.loader = loader;
        this.slot = slot;
    }

    /** Records an announcement, in topic order; other model names are ignored. */
    public synchronized boolean onPublished(ModelPublished event) {
        if (!name.equals(event.name())) {
            return false;
        }
        announcements.removeIf(earlier -> key(earlier).equals(key(event)));
        if (announcements.stream().anyMatch(earlier -> earlier.version() == event.version())) {
            LOG.warn("Model {} version {} was published again with a different SHA-256; using the later event",
                    name, event.version());
        }
        announcements.add(event);
        return true;
    }

    /** Loads the latest servable announcement, unless it already serves. */
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
                markServing(event);
                outcome = Outcome.SWAPPED;
            } catch (ModelRefusedException e) {
                LOG.error("Refusing model {} version {}: {}. {}", name, event.version(), e.getMessage(),
                        slot.servingVersion() > 0 ? "Still serving version " + slot.servingVersion() + "."
                                : "No model serves yet.");
                markRefused(event);
            } catch (RuntimeException e) {
                LOG.error("Cannot load model {} version {} now ({}); will try again", name, event.version(), e.getMessage());
                return Outcome.RETRY;
            }
        }
    }

    private synchronized Optional<ModelPublished> nextCandidate() {
        for (int i = announcements.size() - 1; i >= 0; i--) {
            ModelPublished event = announcements.get(i);
            if (refused.contains(key(event))) {
                continue;
            }
            return serving != null && key(serving).equals(key(event)) ? Optional.empty() : Optional.of(event);
        }
        return Optional.empty();
    }

    private synchronized void markServing(ModelPublished event) {
        serving = event;
    }

    private synchronized void markRefused(ModelPublished event) {
        refused.add(key(event));
    }

    private static String key(ModelPublished event) {
        return event.version() + "/" + event.sha256();
    }

    public synchronized Set<Integer> refusedVersions() {
        Set<Integer> versions = new HashSet<>();
        refused.forEach(key -> versions.add(Integer.parseInt(key.substring(0, key.indexOf('/')))));
        return Set.copyOf(versions);
    }
}
