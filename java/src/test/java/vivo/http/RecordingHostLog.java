package vivo.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import vivo.HostLog;

/** A HostLog that keeps every line, for tests to assert on and to wait for. */
final class RecordingHostLog implements HostLog {

    record Line(Level level, String message) {
    }

    private final Level threshold;
    private final List<Line> lines = new ArrayList<>();

    /** @param threshold the most verbose level enabled, like an instance's log_level */
    RecordingHostLog(Level threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean enabled(Level level) {
        return level.code <= threshold.code;
    }

    @Override
    public synchronized void log(Level level, String message) {
        lines.add(new Line(level, message));
        notifyAll();
    }

    synchronized List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }

    /** Waits up to {@code timeout} for a line at {@code level} that {@code matches}; returns it, or fails. */
    synchronized String await(Level level, Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Line line : lines) {
                if (line.level() == level && matches.test(line.message())) {
                    return line.message();
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such " + level + " line within " + timeout + "; got " + lines);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
