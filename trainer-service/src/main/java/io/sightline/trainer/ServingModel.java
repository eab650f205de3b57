package io.sightline.trainer;

import io.sightline.contract.ModelPublished;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The served version of the model: the last one announced on {@code sightline.models} (one partition, so
 * its events arrive in the order they were written), whatever its number: a promoted rejected candidate
 * or a roll-back to an earlier version serves like a newly trained one.
 */
@Singleton
public class ServingModel {
    private final AtomicReference<ModelPublished> latest = new AtomicReference<>();

    public void offer(ModelPublished published) {
        latest.set(published);
    }

    public Optional<ModelPublished> current() {
        return Optional.ofNullable(latest.get());
    }
}
