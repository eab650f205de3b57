package io.sightline.trainer;

import io.sightline.contract.ModelPublished;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The latest promoted version of the model, as announced on {@code sightline.models}. */
@Singleton
public class ServingModel {
    private final AtomicReference<ModelPublished> latest = new AtomicReference<>();

    public void offer(ModelPublished published) {
        latest.accumulateAndGet(published, (current, candidate) ->
                current == null || candidate.version() > current.version() ? candidate : current);
    }

    public Optional<ModelPublished> current() {
        return Optional.ofNullable(latest.get());
    }
}
