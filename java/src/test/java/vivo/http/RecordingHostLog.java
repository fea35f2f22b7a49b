package vivo.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vivo.HostLog;

/** A HostLog that keeps every line, for tests to assert on. */
final class RecordingHostLog implements HostLog {

    record Line(Level level, String message) {
    }

    private final Level threshold;
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    /** @param threshold the most verbose level enabled, like an instance's log_level */
    RecordingHostLog(Level threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean enabled(Level level) {
        return level.code <= threshold.code;
    }

    @Override
    public void log(Level level, String message) {
        lines.add(new Line(level, message));
    }

    List<String> messages(Level level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }
}
