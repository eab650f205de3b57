package io.sightline.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ImageIds;
import io.sightline.contract.LabelledImage;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageInfo;
import io.sightline.image.ImageProbe;
import io.sightline.image.ImageRejectedException;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.storage.StorageException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The ingest rules. Order that loses nothing: validate, store the object (put-if-absent), then
 * publish the event and wait for the broker's acknowledgement. A failure in either step is a 503 and
 * leaves nothing half-done that a retry of the same upload would not complete.
 */
@Singleton
public class IngestService {
    private final ObjectStore store;
    private final ImageEvents events;
    private final ImageCatalog catalog;
    private final ImageDecoder decoder;
    private final ImageProbe probe;
    private final IngestMetrics metrics;
    private final Clock clock;

    @Inject
    IngestService(ObjectStore store, ImageEvents events, ImageCatalog catalog, ImageDecoder decoder,
                  MeterRegistry registry) {
        this(store, events, catalog, decoder, new IngestMetrics(registry), Clock.systemUTC());
    }

    public IngestService(ObjectStore store, ImageEvents events, ImageCatalog catalog, ImageDecoder decoder,
                         IngestMetrics metrics, Clock clock) {
        this.store = store;
        this.events = events;
        this.catalog = catalog;
        this.decoder = decoder;
        this.probe = new ImageProbe(decoder.limits());
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Validates, stores and announces one picture. */
    public IngestResult ingest(byte[] bytes, String rawLabel, String source) {
        long started = System.nanoTime();
        try {
            IngestResult result = doIngest(bytes, rawLabel, source);
            metrics.uploaded(result, bytes.length, System.nanoTime() - started);
            return result;
        } catch (IngestException e) {
            metrics.refused(e.code(), System.nanoTime() - started);
            throw e;
        }
    }

    private IngestResult doIngest(byte[] bytes, String rawLabel, String source) {
        String label = Labels.normalize(rawLabel);
        if (bytes == null || bytes.length == 0) {
            throw IngestException.badRequest(ErrorCode.UNDECODABLE_IMAGE, source + ": the file is empty");
        }
        ImageInfo info = validate(bytes, source);
        String imageId = ImageIds.of(bytes);
        Optional<LabelledImage> known = catalog.find(imageId);
        if (known.isPresent() && known.get().label().equals(label)) {
            return new IngestResult(imageId, label, true, false);
        }
        String key = ObjectKeys.image(imageId);
        storeObject(key, bytes, info.contentType());
        LabelledImage event = new LabelledImage(imageId, label, store.ref(key), info.contentType(), info.width(),
                info.height(), bytes.length, source, Instant.now(clock));
        events.published(event);
        catalog.put(event);
        return new IngestResult(imageId, label, false, known.isPresent());
    }

    /** Header checks (size, pixels, format) then a full decode, so a corrupt file is refused. */
    private ImageInfo validate(byte[] bytes, String source) {
        try {
            ImageInfo info = probe.probe(bytes, source);
            decoder.decodeAtLeast(bytes, source, 256);
            return info;
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        }
    }

    private void storeObject(String key, byte[] bytes, String contentType) {
        try {
            store.putIfAbsent(key, bytes, contentType);
        } catch (StorageException e) {
            throw IngestException.unavailable("the object store did not accept the picture (" + e.getMessage()
                    + "); the upload is safe to retry", e);
        }
    }

    /** Removes a picture from the dataset (a tombstone event); its bytes stay in S3. */
    public void remove(String imageId) {
        if (!ImageIds.isValid(imageId)) {
            throw IngestException.badRequest(ErrorCode.BAD_REQUEST, "'" + imageId + "' is not an imageId (sha256:<64 hex>)");
        }
        if (catalog.find(imageId).isEmpty()) {
            throw IngestException.notFound("no picture " + imageId + " in the dataset");
        }
        events.removed(imageId);
        catalog.remove(imageId);
    }

    /** The stored bytes of a picture in the dataset. */
    public StoredImage bytes(String imageId) {
        LabelledImage image = catalog.find(imageId)
                .orElseThrow(() -> IngestException.notFound("no picture " + imageId + " in the dataset"));
        try {
            return new StoredImage(image, store.get(image.object().bucket(), image.object().key()));
        } catch (StorageException e) {
            throw IngestException.unavailable("cannot read the picture from the object store: " + e.getMessage(), e);
        }
    }

    /** A picture and its bytes. */
    public record StoredImage(LabelledImage image, byte[] bytes) {
    }
}
