package io.sightline.cli.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Photo-like generated pictures (gradient sky, soft shapes, lines, mild noise), so that JPEG and PNG
 * sizes and decode costs resemble photographs rather than flat colour. Deterministic per seed.
 */
final class SamplePictures {
    private SamplePictures() {
    }

    /** A generated picture and its encoded bytes. */
    record Sample(String name, String format, int width, int height, byte[] bytes) {
        double megapixels() {
            return width * (double) height / 1e6;
        }
    }

    static Sample jpeg(int width, int height, long seed) {
        return new Sample(String.format("JPEG %dx%d (%.1f MP)", width, height, width * (double) height / 1e6),
                "jpg", width, height, encode(draw(width, height, seed, null), "jpg"));
    }

    static Sample png(int width, int height, long seed) {
        return new Sample(String.format("PNG %dx%d (%.1f MP)", width, height, width * (double) height / 1e6),
                "png", width, height, encode(draw(width, height, seed, null), "png"));
    }

    /** A small JPEG whose dominant colour depends on {@code labelIndex}; different seeds give different bytes. */
    static byte[] labelledJpeg(int width, int height, int labelIndex, long seed) {
        float hue = (labelIndex * 0.27f) % 1f;
        return encode(draw(width, height, seed, Color.getHSBColor(hue, 0.8f, 0.9f)), "jpg");
    }

    static BufferedImage draw(int width, int height, long seed, Color tint) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Color top = tint != null ? tint : new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
            Color bottom = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
            g.setPaint(new GradientPaint(0, 0, top, 0, height, bottom));
            g.fillRect(0, 0, width, height);
            int scale = Math.max(1, Math.min(width, height));
            for (int i = 0; i < 12; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 90 + random.nextInt(120)));
                int w = scale / 8 + random.nextInt(Math.max(1, scale / 3));
                int h = scale / 8 + random.nextInt(Math.max(1, scale / 3));
                g.fillOval(random.nextInt(width), random.nextInt(height), w, h);
            }
            g.setStroke(new BasicStroke(Math.max(1f, scale / 300f)));
            for (int i = 0; i < 20; i++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
                g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width), random.nextInt(height));
            }
        } finally {
            g.dispose();
        }
        addNoise(image, random);
        return image;
    }

    private static void addNoise(BufferedImage image, SplittableRandom random) {
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int n = random.nextInt(9) - 4;
                int rgb = row[x];
                row[x] = (clamp(((rgb >> 16) & 0xff) + n) << 16) | (clamp(((rgb >> 8) & 0xff) + n) << 8)
                        | clamp((rgb & 0xff) + n);
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
