package io.sightline.cli.console;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of long work: a redrawn bar on a terminal, a plain line every 10% otherwise (so logs and
 * CI output stay readable).
 */
public final class Progress {
    private static final int WIDTH = 30;

    private final String what;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final AtomicLong done = new AtomicLong();
    private volatile int lastDecile = -1;

    public Progress(String what, long total, PrintStream out, boolean terminal) {
        this.what = what;
        this.total = Math.max(1, total);
        this.out = out;
        this.terminal = terminal;
    }

    /** On a terminal when a console is attached. */
    public static Progress of(String what, long total, PrintStream out) {
        return new Progress(what, total, out, System.console() != null);
    }

    public void step() {
        advanceTo(done.incrementAndGet());
    }

    public synchronized void advanceTo(long value) {
        done.set(value);
        int percent = (int) Math.min(100, value * 100 / total);
        if (terminal) {
            int filled = percent * WIDTH / 100;
            out.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% ("
                    + value + "/" + total + ")");
            out.flush();
        } else if (percent / 10 > lastDecile) {
            lastDecile = percent / 10;
            out.println(what + ": " + percent + "% (" + value + "/" + total + ")");
        }
    }

    public void finish() {
        if (terminal) {
            out.println();
        }
    }
}
