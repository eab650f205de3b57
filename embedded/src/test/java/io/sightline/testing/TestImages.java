package io.sightline.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Pictures made in memory for tests: classes a small model can separate, and broken files. */
public final class TestImages {
    private TestImages() {
    }

    /** A picture of one dominant colour with seeded noise and a stripe, so every call differs. */
    public static BufferedImage picture(Color base, int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = clamp(base.getRed() + random.nextInt(-40, 41));
                int g = clamp(base.getGreen() + random.nextInt(-40, 41));
                int b = clamp(base.getBlue() + random.nextInt(-40, 41));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(base.darker());
        int stripe = random.nextInt(Math.max(1, height - 8));
        graphics.fillRect(0, stripe, width, Math.max(2, height / 10));
        graphics.dispose();
        return image;
    }

    public static byte[] jpeg(Color base, int width, int height, long seed) {
        return encode(picture(base, width, height, seed), "jpeg");
    }

    public static byte[] png(Color base, int width, int height, long seed) {
        return encode(picture(base, width, height, seed), "png");
    }

    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first half of a JPEG: a truncated file. */
    public static byte[] truncatedJpeg() {
        byte[] whole = jpeg(Color.ORANGE, 64, 64, 1);
        return Arrays.copyOf(whole, whole.length / 2);
    }

    /** A tiny PNG whose header claims {@code width x height} pixels: a decompression bomb. */
    public static byte[] pngClaiming(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, ihdr.array());
        chunk(png, "IEND".getBytes(StandardCharsets.US_ASCII));
        return png.array();
    }

    private static void chunk(ByteBuffer png, byte[] typeAndData) {
        png.putInt(typeAndData.length - 4).put(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        png.putInt((int) crc.getValue());
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
