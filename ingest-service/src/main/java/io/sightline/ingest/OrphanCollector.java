package io.sightline.ingest;

import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.storage.StorageException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, and on request removes, picture bytes in S3 that no event of the dataset names: uploads whose
 * event could not be published (and were not retried), and pictures removed from the dataset. Decided
 * against a catalog that has read the images topic to its end; an object written within the grace period
 * is kept (its event may be on its way from another replica); each deletion re-checks, under the
 * picture's lock, that the picture is still absent and the object still old. Pictures waiting on the review
 * queue ({@link ReviewBoard}) are named too.
 */
@Singleton
public class OrphanCollector {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanCollector.class);

    private final ObjectStore store;
    private final CatalogAccess catalog;
    private final ReviewBoard review;
    private final ImageLocks locks;
    private final Thumbnails thumbnails;
    private final Duration grace;
    private final int listLimit;
    private final Clock clock;

    @Inject
    OrphanCollector(ObjectStore store, CatalogAccess catalog, ImageLocks locks, Thumbnails thumbnails,
                    IngestConfig config, ReviewBoard review) {
        this.review = review;
        this.store = store;
        this.catalog = catalog;
        this.locks = locks;
        this.thumbnails = thumbnails;
        this.grace = config.gcGrace();
        this.listLimit = config.gcListLimit();
        this.clock = Clock.systemUTC();
    }

    public GcReport collect(boolean dryRun) {
        ImageCatalog current = catalog.current();
        Instant cutoff = clock.instant().minus(grace);
        List<ObjectStore.StoredObject> objects = list();
        int named = 0;
        int young = 0;
        int deleted = 0;
        long orphanBytes = 0;
        List<GcReport.Orphan> orphans = new ArrayList<>();
        for (ObjectStore.StoredObject object : objects) {
            Optional<String> imageId = ObjectKeys.imageIdOf(object.key());
            if (imageId.isPresent() && (current.contains(imageId.get()) || review.contains(imageId.get()))) {
                named++;
            } else if (object.lastModified().isAfter(cutoff)) {
                young++;
            } else {
                boolean gone = !dryRun && delete(current, object, imageId.orElse(object.key()), cutoff);
                deleted += gone ? 1 : 0;
                orphanBytes += object.size();
                orphans.add(new GcReport.Orphan(object.key(), object.size(), object.lastModified(), gone));
            }
        }
        if (deleted > 0) {
            LOG.info("Garbage collection removed {} object(s) that no picture names", deleted);
        }
        return new GcReport(dryRun, grace.toString(), objects.size(), named, young, orphans.size(), orphanBytes, deleted,
                List.copyOf(orphans.subList(0, Math.min(listLimit, orphans.size()))), orphans.size() > listLimit);
    }

    private List<ObjectStore.StoredObject> list() {
        try {
            return store.listObjects(ObjectKeys.IMAGES);
        } catch (StorageException e) {
            throw IngestException.unavailable("cannot list the object store: " + e.getMessage(), e);
        }
    }

    /** Deletes the object if, under the picture's lock, no picture names it and it was not written since. */
    private boolean delete(ImageCatalog current, ObjectStore.StoredObject object, String lockKey, Instant cutoff) {
        return locks.withLock(lockKey, () -> {
            if (current.contains(lockKey)) {
                return false;
            }
            try {
                Optional<ObjectStore.StoredObject> now = store.stat(object.key());
                if (now.isEmpty() || now.get().lastModified().isAfter(cutoff)) {
                    return false;
                }
                store.delete(object.key());
            } catch (StorageException e) {
                throw IngestException.unavailable("cannot delete " + object.key() + ": " + e.getMessage(), e);
            }
            thumbnails.evict(lockKey);
            return true;
        });
    }
}
