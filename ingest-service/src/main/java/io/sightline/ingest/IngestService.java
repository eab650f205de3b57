package io.sightline.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.sightline.contract.ErrorCode;
import io.sightline.contract.ImageIds;
import io.sightline.contract.LabelledImage;
import io.micronaut.core.annotation.Nullable;
import io.sightline.image.DecodedPictures;
import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageInfo;
import io.sightline.image.ImageProbe;
import io.sightline.image.ImageRejectedException;
import io.sightline.image.ImagePipeline;
import io.sightline.image.Preprocessing;
import io.sightline.image.Preprocessor;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import io.sightline.storage.StorageException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.FloatBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * The ingest rules. Order that loses nothing: validate, store the object, then publish the event and
 * wait for the broker's acknowledgement. A failure in either step is a 503 and leaves nothing half-done
 * that a retry of the same upload would not complete (an object whose event never came is found by
 * {@link OrphanCollector}).
 *
 * <p>One picture, one answer: the work on a picture is serialised in this service ({@link ImageLocks}),
 * decided against a catalog that has read the images topic to its end ({@link CatalogAccess#current()}),
 * and an upload that publishes is answered from its own record's place in the log (what the record
 * before it said), which every replica reads in the same order. See docs/interfaces.md.
 */
@Singleton
public class IngestService {
    private final ObjectStore store;
    private final ImageEvents events;
    private final CatalogAccess catalog;
    private final ImageLocks locks;
    private final ImageDecoder decoder;
    private final ImageProbe probe;
    private final IngestMetrics metrics;
    private final UploadAdmission admission;
    private final Clock clock;
    private final DecodedPictures decoded;

    @Inject
    IngestService(ObjectStore store, ImageEvents events, CatalogAccess catalog, ImageLocks locks, ImageDecoder decoder,
                  MeterRegistry registry, UploadAdmission admission, @Nullable DecodedPictures decoded) {
        this(store, events, catalog, locks, decoder, new IngestMetrics(registry), admission, Clock.systemUTC(), decoded);
    }

    IngestService(ObjectStore store, ImageEvents events, CatalogAccess catalog, ImageLocks locks, ImageDecoder decoder,
                  IngestMetrics metrics, UploadAdmission admission, Clock clock) {
        this(store, events, catalog, locks, decoder, metrics, admission, clock, null);
    }

    /** {@code decoded}: where the model inputs of new pictures go in the all-in-one process (else null). */
    IngestService(ObjectStore store, ImageEvents events, CatalogAccess catalog, ImageLocks locks, ImageDecoder decoder,
                  IngestMetrics metrics, UploadAdmission admission, Clock clock, DecodedPictures decoded) {
        this.store = store;
        this.events = events;
        this.catalog = catalog;
        this.locks = locks;
        this.decoder = decoder;
        this.probe = new ImageProbe(decoder.limits());
        this.metrics = metrics;
        this.admission = admission;
        this.clock = clock;
        this.decoded = decoded;
    }

    /** Validates, stores and announces one picture. */
    public IngestResult ingest(byte[] bytes, String rawLabel, String source) {
        long started = System.nanoTime();
        try {
            IngestResult result = admission.admitted(() -> doIngest(bytes, rawLabel, source));
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
        Validated validated = validate(bytes, source);
        ImageInfo info = validated.info();
        String imageId = ImageIds.of(bytes);
        ImageCatalog current = catalog.current();
        return locks.withLock(imageId, () -> {
            if (current.find(imageId).filter(known -> known.label().equals(label)).isPresent()) {
                return IngestResult.duplicate(imageId, label);
            }
            offerModelInput(imageId, validated);
            String key = ObjectKeys.image(imageId);
            storeObject(key, bytes, info.contentType());
            LabelledImage event = new LabelledImage(imageId, label, store.ref(key), info.contentType(), info.width(),
                    info.height(), bytes.length, source, Instant.now(clock));
            return IngestResult.of(publish(current, imageId, () -> events.published(event)));
        });
    }

    /** Publishes one record and waits until the catalog has read it back: what it changed is the answer. */
    private CatalogChange publish(ImageCatalog current, String imageId, java.util.function.Supplier<LogPosition> send) {
        try (CatalogWatches.Watch watch = current.watch(imageId)) {
            LogPosition position = send.get();
            try {
                return watch.await(position, catalog.waitLimit());
            } catch (TimeoutException e) {
                throw IngestException.unavailable("the event was published but this service did not read it back from "
                        + catalog.topic() + " within " + catalog.waitLimit().toSeconds() + " s; the request is safe to "
                        + "retry and its answer will say what it changed", e);
            }
        }
    }

    /**
     * Header checks (size, pixels, format) then a full decode, so a corrupt file is refused. Where a trainer in
     * this process wants model inputs ({@link DecodedPictures}) and makes this picture's from its pixels, the
     * picture is decoded at full size and its model input made from those pixels; else at reduced size.
     */
    private Validated validate(byte[] bytes, String source) {
        try {
            ImageInfo info = probe.probe(bytes, source);
            Preprocessing wanted = decoded == null ? null : decoded.wanted().orElse(null);
            if (wanted == null || !ImagePipeline.fromPixels(info, wanted)) {
                decoder.decodeAtLeast(bytes, source, 256);
                return new Validated(info, null);
            }
            float[] input = new float[wanted.valuesPerImage()];
            new Preprocessor(wanted).write(decoder.decode(bytes, source), FloatBuffer.wrap(input), 0);
            return new Validated(info, new ModelInput(wanted, input));
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        }
    }

    /** A picture that passed validation, and its model input when one was made. */
    private record Validated(ImageInfo info, ModelInput input) {
    }

    private record ModelInput(Preprocessing preprocessing, float[] values) {
    }

    /** In the all-in-one process, the model input of a new picture goes to the trainer there. */
    private void offerModelInput(String imageId, Validated validated) {
        if (decoded != null && validated.input() != null) {
            decoded.offer(imageId, validated.input().preprocessing(), validated.input().values());
        }
    }

    /**
     * Writes the bytes even when the key exists (the same key always holds the same bytes): the write
     * refreshes the object's age, which protects it from {@link OrphanCollector} while its event is on the way.
     */
    private void storeObject(String key, byte[] bytes, String contentType) {
        try {
            store.put(key, bytes, contentType);
        } catch (StorageException e) {
            throw IngestException.unavailable("the object store did not accept the picture (" + e.getMessage()
                    + "); the upload is safe to retry", e);
        }
    }

    /**
     * Removes a picture from the dataset (a tombstone event). Its bytes stay in S3 until
     * {@link OrphanCollector} finds that no event names them; its cached thumbnail goes at once.
     */
    public void remove(String imageId) {
        if (!ImageIds.isValid(imageId)) {
            throw IngestException.badRequest(ErrorCode.BAD_REQUEST, "'" + imageId + "' is not an imageId (sha256:<64 hex>)");
        }
        ImageCatalog current = catalog.current();
        locks.withLock(imageId, () -> {
            if (!current.contains(imageId)) {
                throw IngestException.notFound("no picture " + imageId + " in the dataset");
            }
            if (publish(current, imageId, () -> events.removed(imageId)).before() == null) {
                throw IngestException.notFound("no picture " + imageId + " in the dataset (another request removed it "
                        + "at the same time)");
            }
            return null;
        });
    }

    /** A picture of the dataset, or 404. */
    public LabelledImage picture(String imageId) {
        return catalog.loaded().find(imageId)
                .orElseThrow(() -> IngestException.notFound("no picture " + imageId + " in the dataset"));
    }

    /** The stored bytes of a picture in the dataset. */
    public StoredImage bytes(String imageId) {
        LabelledImage image = picture(imageId);
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
