package io.sightline.ingest;

import io.sightline.image.ImageDecoder;
import io.sightline.image.ImageRejectedException;
import jakarta.inject.Singleton;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** JPEG thumbnails that fit a square box, kept in a bounded in-memory LRU cache. */
@Singleton
public class Thumbnails {
    private final IngestService ingest;
    private final ImageDecoder decoder;
    private final int size;
    private final Map<String, byte[]> cache;

    Thumbnails(IngestService ingest, ImageDecoder decoder, IngestConfig config) {
        this.ingest = ingest;
        this.decoder = decoder;
        this.size = config.thumbnailSize();
        int capacity = config.thumbnailCache();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > capacity;
            }
        });
    }

    public byte[] of(String imageId) {
        byte[] cached = cache.get(imageId);
        if (cached != null) {
            return cached;
        }
        IngestService.StoredImage stored = ingest.bytes(imageId);
        byte[] thumbnail = render(stored.bytes(), stored.image().source());
        cache.put(imageId, thumbnail);
        return thumbnail;
    }

    private byte[] render(byte[] bytes, String source) {
        try {
            BufferedImage picture = decoder.decodeAtLeast(bytes, source, size);
            double scale = Math.min(1.0, (double) size / Math.max(picture.getWidth(), picture.getHeight()));
            int width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
            int height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
            BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = small.createGraphics();
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            graphics.drawImage(picture, 0, 0, width, height, null);
            graphics.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpeg", out);
            return out.toByteArray();
        } catch (ImageRejectedException e) {
            throw IngestException.rejected(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
