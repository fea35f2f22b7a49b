package vivo.http;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import vivo.HostLog;

/**
 * Keeps what Undertow, XNIO and JBoss Threads log (through JBoss Logging, which falls back to
 * java.util.logging when nothing else is on the class path) off stdout and stderr: their loggers stop
 * passing records up to the root console handler, and this handler gives each record to the instance's
 * {@link HostLog} at debug. Attached while a server runs; with several servers each gets every record.
 */
final class LibraryLogging extends Handler {

    private static final List<String> LOGGERS = List.of("io.undertow", "org.xnio", "org.jboss", "org.wildfly");

    private final HostLog log;
    private final SimpleFormatter formatter = new SimpleFormatter();
    /** Held so that the loggers, and the setting on them, are not collected (java.util.logging holds them weakly). */
    private final List<Logger> loggers;

    private LibraryLogging(HostLog log) {
        this.log = log;
        this.loggers = LOGGERS.stream().map(Logger::getLogger).toList();
    }

    static LibraryLogging attach(HostLog log) {
        LibraryLogging handler = new LibraryLogging(log);
        for (Logger logger : handler.loggers) {
            logger.setUseParentHandlers(false);
            logger.addHandler(handler);
        }
        return handler;
    }

    @Override
    public void publish(LogRecord record) {
        if (log.enabled(HostLog.Level.DEBUG)) {
            String thrown = record.getThrown() == null ? "" : " (" + record.getThrown() + ")";
            log.debug(record.getLoggerName() + ": " + formatter.formatMessage(record) + thrown);
        }
    }

    @Override
    public void flush() {
    }

    /** Detaches this handler; the loggers keep not writing to the console. */
    @Override
    public void close() {
        for (Logger logger : loggers) {
            logger.removeHandler(this);
        }
    }
}
