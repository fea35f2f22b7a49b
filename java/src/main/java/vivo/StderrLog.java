package vivo;

/**
 * Where a line goes that no instance's Fluent Bit logger can take: one of no running instance, one
 * written before Java can call the shim, or after an instance told the shim it stopped. It goes to
 * stderr in the format the shim uses for its own such lines, so the two read alike; debug and trace
 * are left out, as at Fluent Bit's default log_level.
 */
public final class StderrLog implements HostLog {

    /** For lines that belong to no instance. */
    public static final StderrLog NO_INSTANCE = new StderrLog(null);

    private final String name;

    /** @param name the instance's name, {@code vivo_java.0}, or null */
    StderrLog(String name) {
        this.name = name;
    }

    @Override
    public boolean enabled(Level level) {
        return level.code <= Level.INFO.code;
    }

    @Override
    public void log(Level level, String message) {
        if (enabled(level)) {
            System.err.println(line(level, name, message));
        }
    }

    /**
     * The one format of a stderr line, the shim's: {@code [vivo_java] [ warn] [vivo_java.0] message}, or
     * without a name {@code [vivo_java] [ warn] message}.
     */
    static String line(Level level, String name, String message) {
        return "[vivo_java] [" + label(level) + "] " + (name == null ? "" : "[" + name + "] ") + message;
    }

    /** Fluent Bit's names of the levels, five characters wide. */
    private static String label(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARN -> " warn";
            case INFO -> " info";
            case DEBUG -> "debug";
            case TRACE -> "trace";
        };
    }
}
