package io.sightline.cli.bench;

import java.util.Locale;

/**
 * One disruption of the soak.
 *
 * @param kind      {@code restart} (the broker stopped and started on its log dir) or {@code swap} (a new
 *                  model version published)
 * @param atSeconds when it started, seconds since the load started
 * @param seconds   how long it took: broker stop to ready, or publish to served
 * @param detail    what it did, or why it failed
 * @param ok        whether it completed
 */
public record SoakEvent(String kind, double atSeconds, double seconds, String detail, boolean ok) {

    /** {@code restart 4.1 s} or {@code swap v3 1.9 s}, for a table cell. */
    String cell() {
        if (!ok) {
            return kind + " FAILED";
        }
        return String.format(Locale.ROOT, "%s %.1f s", "swap".equals(kind) ? kind + " " + detail : kind, seconds);
    }
}
