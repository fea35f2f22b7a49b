package vivo.http;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import vivo.HostLog;

/**
 * Keeps what Undertow, XNIO and JBoss Threads log (through JBoss Logging, which uses java.util.logging
 * when nothing else is on the class path) off stdout and stderr: their loggers stop passing records up
 * to the root handlers, and this handler gives them to the instance's {@link HostLog}: SEVERE as error,
 * WARNING as warn, the rest (version banners, "starting server") at debug. Attached while a server
 * runs. A record logged on another server's thread is that server's; one logged elsewhere (a start or
 * stop) goes to every server attached.
 */
final class LibraryLogging extends Handler {

    private static final List<String> LOGGERS = List.of("io.undertow", "org.xnio", "org.jboss", "org.wildfly");

    private final HostLog log;
    private final ThreadGroup group;
    private final SimpleFormatter formatter = new SimpleFormatter();
    /** Held so that the loggers, and the setting on them, are not collected (java.util.logging holds them weakly). */
    private final List<Logger> loggers;

    private LibraryLogging(HostLog log, ThreadGroup group) {
        this.log = log;
        this.group = group;
        this.loggers = LOGGERS.stream().map(Logger::getLogger).toList();
    }

    /** @param group the group of the server's threads */
    static LibraryLogging attach(HostLog log, ThreadGroup group) {
        LibraryLogging handler = new LibraryLogging(log, group);
        for (Logger logger : handler.loggers) {
            logger.setUseParentHandlers(false);
            logger.addHandler(handler);
        }
        return handler;
    }

    @Override
    public void publish(LogRecord record) {
        ThreadGroup on = Thread.currentThread().getThreadGroup();
        if (on != group && on instanceof ServerThreads.Group) {
            return;
        }
        int level = record.getLevel().intValue();
        HostLog.Level to = level >= Level.SEVERE.intValue() ? HostLog.Level.ERROR
                : level >= Level.WARNING.intValue() ? HostLog.Level.WARN : HostLog.Level.DEBUG;
        if (log.enabled(to)) {
            String thrown = record.getThrown() == null ? "" : " (" + record.getThrown() + ")";
            log.log(to, record.getLoggerName() + ": " + formatter.formatMessage(record) + thrown);
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
