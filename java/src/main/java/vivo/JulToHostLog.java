package vivo;

import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Undertow and XNIO log through JBoss Logging, which the shim points at java.util.logging
 * ({@code -Dorg.jboss.logging.provider=jdk}). This routes their warnings into Fluent Bit's log and
 * keeps their INFO banners out of it.
 */
final class JulToHostLog extends Handler {

    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private final Supplier<HostLog> log;

    private JulToHostLog(Supplier<HostLog> log) {
        this.log = log;
    }

    static void install(Supplier<HostLog> log) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        root.addHandler(new JulToHostLog(log));
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        String text = FORMATTER.formatMessage(record);
        String line = record.getLoggerName() + ": " + text
                + (record.getThrown() != null ? " (" + record.getThrown() + ")" : "");
        log.get().log(record.getLevel().intValue() >= Level.SEVERE.intValue()
                ? HostLog.Level.ERROR : HostLog.Level.WARN, line);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
