package io.sightline.image.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The {@code text} operation: the manifest's 5x7 bitmap font, each font pixel a {@code scale x scale}
 * square, characters 6 * scale apart, {@code rows} lines 9 * scale apart, the text repeated to the
 * right edge.
 */
final class ParityText {
    private final Map<Character, int[]> font;
    private final String text;
    private final JsonNode op;

    ParityText(Map<Character, int[]> font, String text, JsonNode op) {
        this.font = font;
        this.text = text;
        this.op = op;
    }

    void draw(ParityScene scene) {
        int ox = op.get("origin").get(0).asInt();
        int oy = op.get("origin").get(1).asInt();
        int k = op.get("scale").asInt();
        int rows = op.get("rows").asInt();
        int period = 6 * k * text.length();
        for (int row = 0; row < rows; row++) {
            int top = oy + row * 9 * k;
            for (int y = Math.max(0, top); y < Math.min(scene.height(), top + 7 * k); y++) {
                int glyphRow = (y - top) / k;
                for (int x = ox; x < scene.width(); x++) {
                    int along = (x - ox) % period;
                    int column = along / k % 6;
                    if (column < 5 && (font.get(text.charAt(along / (6 * k)))[glyphRow] >> (4 - column) & 1) == 1) {
                        scene.setColour(x, y, op.get("colour"), 0);
                    }
                }
            }
        }
    }
}
