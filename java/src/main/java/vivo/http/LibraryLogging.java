package vivo.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import vivo.HostLog;
import vivo.StderrLog;

/**
 * The one bridge from java.util.logging to Fluent Bit's log, for the whole JVM: Undertow, XNIO and JBoss
 * Threads log through JBoss Logging, which the shim points at java.util.logging, and jnr-ffi and the JDK
 * log to it directly. From the first server's start on, nothing of it reaches the console: the
 * libraries' loggers give their records to this handler only, never up to the root's handlers, and on
 * the root this handler replaces JUL's console handler, taking everything else. Levels: SEVERE is
 * error, WARNING warn, the rest (version banners, "starting server") debug.
 *
 * <p>A record logged on a server's thread goes to that server's log; one logged elsewhere (a start or
 * stop, a finalizer) to the log of every server attached; with none attached, to stderr.
 */
final class LibraryLogging extends Handler {

    private static final List<String> LIBRARIES = List.of("io.undertow", "org.xnio", "org.jboss", "org.wildfly");
    private static final LibraryLogging HANDLER = new LibraryLogging();
    private static final String STALLED_HTTP2_STREAM = "UT005102";

    /** Held so that the loggers, and the setting on them, are not collected (java.util.logging holds them weakly). */
    private final List<Logger> loggers = LIBRARIES.stream().map(Logger::getLogger).toList();
    private final Map<ThreadGroup, HostLog> servers = new ConcurrentHashMap<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private boolean installed;

    private LibraryLogging() {
    }

    /** Sends to {@code log} what is logged on the threads of {@code group}, and what is logged outside any server. */
    static void attach(HostLog log, ServerThreads.Group group) {
        HANDLER.install();
        HANDLER.servers.put(group, log);
    }

    /** Stops sending to the log of the server whose threads are {@code group}. */
    static void detach(ServerThreads.Group group) {
        HANDLER.servers.remove(group);
    }

    private synchronized void install() {
        if (installed) {
            return;
        }
        for (Logger logger : loggers) {
            logger.setUseParentHandlers(false);
            logger.addHandler(this);
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                root.removeHandler(handler);
            }
        }
        root.addHandler(this);
        installed = true;
    }

    @Override
    public void publish(LogRecord record) {
        int level = record.getLevel().intValue();
        HostLog.Level to = level >= Level.SEVERE.intValue() ? HostLog.Level.ERROR
                : level >= Level.WARNING.intValue() && !routine(record) ? HostLog.Level.WARN : HostLog.Level.DEBUG;
        HostLog own = servers.get(Thread.currentThread().getThreadGroup());
        if (own != null) {
            write(own, to, record);
        } else if (servers.isEmpty()) {
            write(StderrLog.NO_INSTANCE, to, record);
        } else {
            for (HostLog log : servers.values()) {
                write(log, to, record);
            }
        }
    }

    /**
     * Undertow's warnings about what clients do, which this plugin logs at debug as its own (a client that
     * goes away, one that takes nothing until its response is cut): {@code UT005102}, an HTTP/2 stream
     * reset because its frames waited past the write timeout (the client gave no flow-control credit).
     */
    private static boolean routine(LogRecord record) {
        String message = record.getMessage();
        return message != null && message.startsWith(STALLED_HTTP2_STREAM);
    }

    private void write(HostLog log, HostLog.Level level, LogRecord record) {
        if (log.enabled(level)) {
            String thrown = record.getThrown() == null ? "" : " (" + record.getThrown() + ")";
            log.log(level, record.getLoggerName() + ": " + formatter.formatMessage(record) + thrown);
        }
    }

    @Override
    public void flush() {
    }

    /** Installed once for the life of the JVM: closing, as LogManager's reset does, changes nothing. */
    @Override
    public void close() {
    }
}
