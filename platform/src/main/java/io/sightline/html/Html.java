package io.sightline.html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Escaping for text placed into HTML and URLs. */
public final class Html {
    private Html() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A byte count for people: 1.2 MB, 340 KB, 12 B. */
    public static String bytes(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
        }
        if (bytes >= 1_000) {
            return (bytes / 1_000) + " KB";
        }
        return bytes + " B";
    }
}
