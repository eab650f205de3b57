package io.sightline.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The one way Sightline makes its threads: daemon threads with names that say what they do. */
public final class Threads {
    private Threads() {
    }

    /** A factory of daemon threads named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory daemonFactory(String name) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> daemon(name + "-" + number.incrementAndGet(), runnable);
    }

    /** A factory of daemon threads all named {@code name} (for single-thread executors). */
    public static ThreadFactory singleDaemonFactory(String name) {
        return runnable -> daemon(name, runnable);
    }

    /** A daemon thread named {@code name}, not started. */
    public static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
