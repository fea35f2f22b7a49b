package vivo.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import vivo.HostLog;
import vivo.config.Config;
import vivo.config.ConfigException;
import vivo.stream.Streams;

/**
 * The HTTP API of one instance: Undertow on {@code http_listen:http_port} with one I/O thread and a few
 * workers, all named {@code vivo-java-http-<instance>-...}, daemons, and ended by {@link #stop}, which
 * also frees the port, so start, stop, start on the same port works (a hot reload). HTTP/1.0, HTTP/1.1
 * and cleartext HTTP/2, by prior knowledge or by {@code Upgrade: h2c}.
 */
public final class HttpServer {

    private static final int WORKERS = 4;
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final long STOP_MILLIS = 5_000;
    /** A client that takes nothing for this long has its response cut, which frees the worker writing it. */
    private static final int WRITE_TIMEOUT_MILLIS = 60_000;

    private final Config config;
    private final Streams streams;
    private final HostLog log;
    private final int writeTimeoutMillis;
    private Running running;

    /** What a started server holds, released together. */
    private record Running(Undertow undertow, XnioWorker worker, ThreadPoolExecutor workers, ByteBufferPool buffers,
                           ServerThreads threads, LibraryLogging logging, InetSocketAddress address) {
    }

    public HttpServer(Config config, Streams streams, HostLog log) {
        this(config, streams, log, WRITE_TIMEOUT_MILLIS);
    }

    HttpServer(Config config, Streams streams, HostLog log, int writeTimeoutMillis) {
        this.config = config;
        this.streams = streams;
        this.log = log;
        this.writeTimeoutMillis = writeTimeoutMillis;
    }

    /** Binds and starts serving; a port in use or an address not on this host is a ConfigException. */
    public synchronized void start() throws ConfigException {
        if (running != null) {
            throw new IllegalStateException("already started");
        }
        InetAddress address = resolve(config.httpListen());
        ServerThreads threads = new ServerThreads("vivo-java-http-" + config.name());
        LibraryLogging logging = LibraryLogging.attach(log);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        workers.allowCoreThreadTimeOut(true);
        ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, 64, 4);
        XnioWorker worker = null;
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorkerBuilder()
                    .setWorkerName(threads.prefix() + "-xnio")
                    .setWorkerIoThreads(1)
                    .setDaemon(true)
                    .setThreadGroup(threads.group())
                    .setExternalExecutorService(workers)
                    .build();
            Undertow undertow = Undertow.builder()
                    .setWorker(worker)
                    .setByteBufferPool(buffers)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                    .setServerOption(UndertowOptions.DECODE_URL, false)
                    .setSocketOption(Options.WRITE_TIMEOUT, writeTimeoutMillis)
                    .addHttpListener(config.httpPort(), address.getHostAddress())
                    .setHandler(new Routes(streams, config.emptyStreamOnRead(), new Cors(config.corsAllowOrigin()), log))
                    .build();
            undertow.start();
            // the address as resolved: a socket bound to 0.0.0.0 may report itself as [::]
            int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            running = new Running(undertow, worker, workers, buffers, threads, logging, new InetSocketAddress(address, port));
        } catch (RuntimeException e) {
            release(null, worker, workers, buffers, threads, logging);
            throw bindFailure(e);
        }
        log.info(startupLine(running.address()));
    }

    /** Closes the port and every connection, and returns once every thread of this server has ended. */
    public synchronized void stop() {
        if (running != null) {
            Running r = running;
            running = null;
            release(r.undertow(), r.worker(), r.workers(), r.buffers(), r.threads(), r.logging());
        }
    }

    /** The port listened on: {@code http_port}, or the one the system chose for {@code http_port 0}. */
    public synchronized int port() {
        if (running == null) {
            throw new IllegalStateException("not started");
        }
        return running.address().getPort();
    }

    private void release(Undertow undertow, XnioWorker worker, ThreadPoolExecutor workers, ByteBufferPool buffers,
                         ServerThreads threads, LibraryLogging logging) {
        try {
            if (undertow != null) {
                undertow.stop();
            }
            if (worker != null) {
                worker.shutdown();
            }
            workers.shutdown();
            if (!workers.awaitTermination(STOP_MILLIS / 5, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
            if (worker != null && !worker.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
            if (!threads.join(STOP_MILLIS)) {
                log.warn("some threads of " + threads.prefix() + " did not end within " + STOP_MILLIS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            buffers.close();
            logging.close();
        }
    }

    private static InetAddress resolve(String listen) throws ConfigException {
        try {
            return InetAddress.getByName(listen);
        } catch (UnknownHostException e) {
            throw new ConfigException("http_listen: cannot resolve '" + listen
                    + "'; use an address of this host, such as 127.0.0.1 or 0.0.0.0");
        }
    }

    private ConfigException bindFailure(RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof java.io.IOException)) {
            cause = cause.getCause();
        }
        String listen = config.httpListen();
        int port = config.httpPort();
        String reason = String.valueOf(cause.getMessage());
        if (cause instanceof BindException) {
            if (reason.contains("in use")) {
                return new ConfigException("http_port " + port + " is in use on " + listen + "; choose another http_port");
            }
            if (reason.contains("assign requested address")) {
                return new ConfigException("http_listen " + listen
                        + " is not an address of this host; use one of its addresses, or 127.0.0.1 or 0.0.0.0");
            }
            if (reason.contains("Permission denied")) {
                return new ConfigException("http_port " + port + " on " + listen
                        + " needs privileges Fluent Bit does not have; choose a port above 1023");
            }
        }
        return new ConfigException("cannot listen on " + listen + ":" + port + ": " + cause);
    }

    private static String startupLine(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        String host = address.getHostAddress();
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
        String line = "listening on " + where + " (/logs /metrics /traces /api/v1/...)";
        return address.isLoopbackAddress() ? line + "; set http_listen 0.0.0.0 to listen on every interface" : line;
    }
}
