package vivo.http;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one {@link HttpServer}: XNIO's I/O and accept threads and our workers, all in one
 * group, all daemons, every name starting with {@code vivo-java-http-<instance>-}. {@link #join} waits
 * until every one of them has ended, so a stopped server leaves nothing behind. Each worker runs
 * {@code onStart} first, and {@link HttpServer} gives it to XNIO's I/O threads as their first task (the
 * plugin lowers their scheduling priority there).
 */
final class ServerThreads implements ThreadFactory {

    /** The group of one server's threads; {@link LibraryLogging} tells servers apart by it. */
    static final class Group extends ThreadGroup {
        Group(String name) {
            super(name);
        }
    }

    private final String prefix;
    private final Group group;
    private final AtomicInteger workers = new AtomicInteger();
    private final Runnable onStart;

    /** @param prefix {@code vivo-java-http-<instance>} */
    ServerThreads(String prefix, Runnable onStart) {
        this.prefix = prefix;
        this.group = new Group(prefix);
        this.onStart = onStart;
    }

    String prefix() {
        return prefix;
    }

    Group group() {
        return group;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(group, () -> {
            onStart.run();
            task.run();
        }, prefix + "-worker-" + workers.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    /** Waits up to {@code millis} in all for the group's threads to end; true when none is left. */
    boolean join(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Thread[] threads = new Thread[group.activeCount() + 4];
            int n = group.enumerate(threads);
            if (n == 0) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                threads[i].join(left);
            }
        }
    }
}
