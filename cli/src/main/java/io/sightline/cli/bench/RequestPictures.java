package io.sightline.cli.bench;

import io.sightline.contract.ClassifyRequest;
import io.sightline.contract.ImageIds;
import io.sightline.contract.ObjectRef;
import io.sightline.storage.ObjectKeys;
import io.sightline.storage.ObjectStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The pictures of the Kafka load: the same generated JPEGs stored in S3 (requests by object reference)
 * and base64 (requests with the picture inline), used half and half.
 *
 * @param stored the pictures' S3 references
 * @param inline the same pictures, base64
 */
record RequestPictures(List<ObjectRef> stored, List<String> inline) {

    RequestPictures {
        if (stored.isEmpty() || inline.isEmpty()) {
            throw new IllegalArgumentException("need pictures both in S3 and inline");
        }
        stored = List.copyOf(stored);
        inline = List.copyOf(inline);
    }

    /** Generates {@code count} photo-like JPEGs of {@code width} x {@code height} and stores them in S3. */
    static RequestPictures upload(ObjectStore store, int count, int width, int height) {
        List<ObjectRef> stored = new ArrayList<>();
        List<String> inline = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] jpeg = SamplePictures.jpeg(width, height, 100 + i).bytes();
            String key = ObjectKeys.image(ImageIds.of(jpeg));
            store.put(key, jpeg, "image/jpeg");
            stored.add(store.ref(key));
            inline.add(Base64.getEncoder().encodeToString(jpeg));
        }
        return new RequestPictures(stored, inline);
    }

    /** The {@code index}-th request: even ones by reference, odd ones inline, cycling through the pictures. */
    ClassifyRequest request(String requestId, long index) {
        int slot = (int) ((index / 2) % Math.min(stored.size(), inline.size()));
        return index % 2 == 0
                ? new ClassifyRequest(requestId, stored.get(slot), null, null)
                : new ClassifyRequest(requestId, null, inline.get(slot), null);
    }
}
