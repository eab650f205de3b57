package io.sightline.cli.bench;

import java.io.PrintStream;
import java.util.Locale;

/** One line per step on stderr, with the seconds since the bench started and the load average. */
final class Progress {
    private final PrintStream out;
    private final long started = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void line(String what) {
        out.printf(Locale.ROOT, "[%6.1f s, load %s] %s%n", (System.nanoTime() - started) / 1e9,
                MachineProbe.loadAverage(), what);
        out.flush();
    }
}
