package vivo;

import vivo.bridge.NativeBridge;

/**
 * The only way Java code logs: through Fluent Bit's own logger, under the instance's prefix
 * ({@code [output:vivo_java:vivo_java.0]}), honouring the instance's {@code log_level}. Never stdout.
 */
public interface HostLog {

    /** Fluent Bit's levels, with the host's numbers. */
    enum Level {
        ERROR(NativeBridge.LOG_ERROR), WARN(NativeBridge.LOG_WARN), INFO(NativeBridge.LOG_INFO),
        DEBUG(NativeBridge.LOG_DEBUG), TRACE(NativeBridge.LOG_TRACE);

        public final int code;

        Level(int code) {
            this.code = code;
        }
    }

    boolean enabled(Level level);

    /** One line: what happened, the value, the fix. */
    void log(Level level, String message);

    default void error(String message) {
        log(Level.ERROR, message);
    }

    default void warn(String message) {
        log(Level.WARN, message);
    }

    default void info(String message) {
        log(Level.INFO, message);
    }

    default void debug(String message) {
        if (enabled(Level.DEBUG)) {
            log(Level.DEBUG, message);
        }
    }
}
