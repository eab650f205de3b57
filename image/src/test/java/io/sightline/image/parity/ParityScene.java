package io.sightline.image.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Renders a scene of the parity manifest: the same integer arithmetic as {@code render} in
 * image/src/test/fixtures/make-parity-fixtures.py, so both give the same pixels (checked by the
 * scene's SHA-256). Pixels are interleaved bytes, {@code channels} per pixel, row after row.
 */
public final class ParityScene {
    private final int width;
    private final int height;
    private final int channels;
    private final byte[] pixels;

    private ParityScene(int width, int height, int channels) {
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.pixels = new byte[width * height * channels];
    }

    /** The scene's pixels after every operation in {@code ops}, in order. */
    public static byte[] render(int width, int height, int channels, JsonNode ops, Map<Character, int[]> font, String text) {
        ParityScene scene = new ParityScene(width, height, channels);
        for (JsonNode op : ops) {
            switch (op.get("op").asText()) {
                case "gradient" -> scene.gradient(op.get("corners"));
                case "blobs" -> op.get("items").forEach(scene::blob);
                case "lines" -> op.get("items").forEach(scene::line);
                case "checker" -> scene.checker(op);
                case "rings" -> scene.rings(op);
                case "text" -> new ParityText(font, text, op).draw(scene);
                case "noise" -> scene.noise(op.get("amplitude").asInt(), op.get("seed").asInt());
                default -> throw new IllegalArgumentException("unknown operation " + op);
            }
        }
        return scene.pixels;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    private int get(int x, int y, int c) {
        return pixels[(y * width + x) * channels + c] & 0xff;
    }

    void set(int x, int y, int c, int value) {
        pixels[(y * width + x) * channels + c] = (byte) Math.max(0, Math.min(255, value));
    }

    void setColour(int x, int y, JsonNode colour, int offset) {
        for (int c = 0; c < channels; c++) {
            set(x, y, c, colour.get(offset + c).asInt());
        }
    }

    private void gradient(JsonNode corners) {
        long w1 = width - 1;
        long h1 = height - 1;
        for (int c = 0; c < channels; c++) {
            long c00 = corners.get(0).get(c).asLong();
            long c10 = corners.get(1).get(c).asLong();
            long c01 = corners.get(2).get(c).asLong();
            long c11 = corners.get(3).get(c).asLong();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    long v = c00 * (w1 - x) * (h1 - y) + c10 * x * (h1 - y) + c01 * (w1 - x) * y + c11 * x * y;
                    set(x, y, c, (int) Math.floorDiv(v, w1 * h1));
                }
            }
        }
    }

    /** Item: cx, cy, r, strength (of 256), colour. */
    private void blob(JsonNode item) {
        int cx = item.get(0).asInt();
        int cy = item.get(1).asInt();
        long r = item.get(2).asInt();
        long strength = item.get(3).asInt();
        for (int y = Math.max(0, (int) (cy - r)); y < Math.min(height, cy + r + 1); y++) {
            for (int x = Math.max(0, (int) (cx - r)); x < Math.min(width, cx + r + 1); x++) {
                long d2 = (long) (x - cx) * (x - cx) + (long) (y - cy) * (y - cy);
                if (d2 >= r * r) {
                    continue;
                }
                long f = Math.floorDiv(strength * (r * r - d2), r * r);
                for (int c = 0; c < channels; c++) {
                    long v = get(x, y, c);
                    set(x, y, c, (int) (v + Math.floorDiv((item.get(4 + c).asInt() - v) * f, 256)));
                }
            }
        }
    }

    /** Item: x0, y0, x1, y1, width, colour; a hard-edged segment. */
    private void line(JsonNode item) {
        long xa = item.get(0).asInt();
        long ya = item.get(1).asInt();
        long xb = item.get(2).asInt();
        long yb = item.get(3).asInt();
        long lw = item.get(4).asInt();
        long dx = xb - xa;
        long dy = yb - ya;
        long l2 = dx * dx + dy * dy;
        if (l2 == 0) {
            return;
        }
        for (long y = Math.max(0, Math.min(ya, yb) - lw); y < Math.min(height, Math.max(ya, yb) + lw + 1); y++) {
            for (long x = Math.max(0, Math.min(xa, xb) - lw); x < Math.min(width, Math.max(xa, xb) + lw + 1); x++) {
                long t = (x - xa) * dx + (y - ya) * dy;
                long cross = (x - xa) * dy - (y - ya) * dx;
                if (t >= 0 && t <= l2 && 4 * cross * cross <= lw * lw * l2) {
                    setColour((int) x, (int) y, item, 5);
                }
            }
        }
    }

    private void checker(JsonNode op) {
        JsonNode rect = op.get("rect");
        int rx = rect.get(0).asInt();
        int ry = rect.get(1).asInt();
        int period = op.get("period").asInt();
        for (int y = Math.max(0, ry); y < Math.min(height, ry + rect.get(3).asInt()); y++) {
            for (int x = Math.max(0, rx); x < Math.min(width, rx + rect.get(2).asInt()); x++) {
                int which = Math.floorMod(Math.floorDiv(x - rx, period) + Math.floorDiv(y - ry, period), 2);
                setColour(x, y, op.get("colours").get(which), 0);
            }
        }
    }

    private void rings(JsonNode op) {
        JsonNode rect = op.get("rect");
        int rx = rect.get(0).asInt();
        int ry = rect.get(1).asInt();
        long cx = op.get("centre").get(0).asInt();
        long cy = op.get("centre").get(1).asInt();
        long k = op.get("k").asLong();
        for (int y = Math.max(0, ry); y < Math.min(height, ry + rect.get(3).asInt()); y++) {
            for (int x = Math.max(0, rx); x < Math.min(width, rx + rect.get(2).asInt()); x++) {
                int t = (int) ((((x - cx) * (x - cx) + (y - cy) * (y - cy)) * k >> 16) & 511);
                int level = t < 256 ? t : 511 - t;
                for (int c = 0; c < channels; c++) {
                    set(x, y, c, c % 2 == 0 ? level : 255 - level);
                }
            }
        }
    }

    private void noise(int amplitude, int seed) {
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int n = Integer.remainderUnsigned(hash(x, y, seed * 7 + c), 2 * amplitude + 1) - amplitude;
                    set(x, y, c, get(x, y, c) + n);
                }
            }
        }
    }

    /** The generator's {@code hash32}: 32-bit wrap-around arithmetic. */
    static int hash(int x, int y, int seed) {
        int h = x * 0x9E3779B1 + y * 0x85EBCA77 + seed * 0xC2B2AE3D;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        h *= 0x297A2D39;
        h ^= h >>> 15;
        return h;
    }
}
