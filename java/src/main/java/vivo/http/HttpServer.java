package vivo.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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

    /**
     * @param idleMillis  an HTTP/1.x connection with no request for this long is closed
     * @param writeMillis a client that takes no bytes for this long has its response cut, which frees the
     *                    worker writing it
     */
    record Timeouts(int idleMillis, int writeMillis) {
        static final Timeouts DEFAULT = new Timeouts(60_000, 60_000);
    }

    private final Config config;
    private final Streams streams;
    private final HostLog log;
    private final Timeouts timeouts;
    private Running running;

    /** What a started server holds, released together; {@code address} is what it listens on. */
    private record Running(Undertow undertow, XnioWorker worker, ThreadPoolExecutor workers, ByteBufferPool buffers,
                           ServerThreads threads, InetSocketAddress address) {
    }

    public HttpServer(Config config, Streams streams, HostLog log) {
        this(config, streams, log, Timeouts.DEFAULT);
    }

    HttpServer(Config config, Streams streams, HostLog log, Timeouts timeouts) {
        this.config = config;
        this.streams = streams;
        this.log = log;
        this.timeouts = timeouts;
    }

    /** Binds and starts serving; a port in use or an address not on this host is a ConfigException. */
    public synchronized void start() throws ConfigException {
        if (running != null) {
            throw new IllegalStateException("already started");
        }
        ListenAddress listen = new ListenAddress(config.httpListen(), config.httpPort());
        InetAddress address = listen.resolve();
        ServerThreads threads = new ServerThreads("vivo-java-http-" + config.name());
        LibraryLogging.attach(log, threads.group());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        workers.allowCoreThreadTimeOut(true);
        ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, 64, 4);
        XnioWorker worker = null;
        Undertow undertow = null;
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorkerBuilder()
                    .setWorkerName(threads.prefix() + "-xnio")
                    .setWorkerIoThreads(1)
                    .setDaemon(true)
                    .setThreadGroup(threads.group())
                    .setExternalExecutorService(workers)
                    .build();
            undertow = Undertow.builder()
                    .setWorker(worker)
                    .setByteBufferPool(buffers)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                    .setServerOption(UndertowOptions.DECODE_URL, false)
                    .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, timeouts.idleMillis())
                    .setSocketOption(Options.WRITE_TIMEOUT, timeouts.writeMillis())
                    .addHttpListener(config.httpPort(), address.getHostAddress())
                    .setHandler(new Routes(streams, config.emptyStreamOnRead(), new Cors(config.corsAllowOrigin()), log))
                    .build();
            undertow.start();
            // the address as resolved: a socket bound to 0.0.0.0 may report itself as [::]
            int port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
            running = new Running(undertow, worker, workers, buffers, threads, new InetSocketAddress(address, port));
        } catch (RuntimeException e) {
            release(new Running(undertow, worker, workers, buffers, threads, null));
            throw listen.failure(e);
        }
        log.info(ListenAddress.startupLine(running.address()));
    }

    /** Closes the port and every connection, and returns once every thread of this server has ended. */
    public synchronized void stop() {
        if (running != null) {
            Running r = running;
            running = null;
            release(r);
        }
    }

    /** The port listened on: {@code http_port}, or the one the system chose for {@code http_port 0}. */
    public synchronized int port() {
        if (running == null) {
            throw new IllegalStateException("not started");
        }
        return running.address().getPort();
    }

    /** Stops what {@code r} holds that was started (a failed start has some parts null), then waits for its threads. */
    private void release(Running r) {
        try {
            if (r.undertow() != null) {
                r.undertow().stop();
            }
            if (r.worker() != null) {
                r.worker().shutdown();
            }
            r.workers().shutdown();
            if (!r.workers().awaitTermination(STOP_MILLIS / 5, TimeUnit.MILLISECONDS)) {
                r.workers().shutdownNow();
            }
            if (r.worker() != null && !r.worker().awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
                r.worker().shutdownNow();
            }
            if (!r.threads().join(STOP_MILLIS)) {
                log.warn("some threads of " + r.threads().prefix() + " did not end within " + STOP_MILLIS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            r.buffers().close();
            LibraryLogging.detach(r.threads().group());
        }
    }
}
