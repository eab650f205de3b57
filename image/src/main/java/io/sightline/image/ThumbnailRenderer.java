package io.sightline.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small JPEG thumbnails that fit a square box, for the explorer page and the evaluation report. */
public final class ThumbnailRenderer {
    private final ImageDecoder decoder;
    private final int size;

    public ThumbnailRenderer(ImageDecoder decoder, int size) {
        this.decoder = decoder;
        this.size = size;
    }

    /** Decodes (at reduced resolution when it can) and returns a JPEG at most {@code size} on its longer side. */
    public byte[] jpeg(byte[] bytes, String source) {
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
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
