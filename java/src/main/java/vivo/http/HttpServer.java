package vivo.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import vivo.HostLog;
import vivo.config.Config;
import vivo.config.ConfigException;
import vivo.stream.InflightBudget;
import vivo.stream.Streams;

/**
 * The HTTP API of one instance: Undertow on {@code http_listen:http_port} with one I/O thread and a few
 * workers, all named {@code vivo-java-http-<instance>-...}, daemons, and ended by {@link #stop}, which
 * also frees the port, so start, stop, start on the same port works (a hot reload). HTTP/1.0, HTTP/1.1
 * and cleartext HTTP/2, by prior knowledge or by {@code Upgrade: h2c}; or, with {@code http_tls}, HTTPS
 * only: HTTP/2 where ALPN agrees on it, else HTTP/1.1.
 *
 * <p>What clients can make it hold is bounded: {@code http_max_connections} connections
 * ({@link ConnectionCap}), each with at most one request head of {@link RequestHead#READ_LIMIT} bytes
 * being read and {@value #HTTP2_STREAMS} HTTP/2 requests; responses hold at most
 * {@code http_inflight_size} bytes of stored chunks ({@link InflightBudget}); {@code http_idle_timeout}
 * closes connections that send nothing or take nothing.
 */
public final class HttpServer {

    private static final int WORKERS = 4;
    private static final int BUFFER_SIZE = 16 * 1024;
    private static final long STOP_MILLIS = 5_000;
    /** Requests one HTTP/2 connection may have open at once; each holds a selection while it waits. */
    private static final int HTTP2_STREAMS = 32;

    /**
     * @param idleMillis  an HTTP/1.x connection with no request for this long is closed; 0: never
     * @param writeMillis a client that takes no bytes for this long has its response cut, which frees the
     *                    worker writing it; 0: never
     */
    record Timeouts(int idleMillis, int writeMillis) {
        /** {@code http_idle_timeout} for both: Fluent Bit's {@code http_server.idle_timeout} is one setting too */
        static Timeouts of(Config config) {
            return new Timeouts(config.httpIdleTimeoutMillis(), config.httpIdleTimeoutMillis());
        }
    }

    private final Config config;
    private final Streams streams;
    private final Supplier<Ingest> ingest;
    private final HostLog log;
    private final Timeouts timeouts;
    private final Runnable onThreadStart;
    private Running running;

    /** What a started server holds, released together; {@code address} is what it listens on. */
    private record Running(AcceptingChannel<StreamConnection> channel, ConnectionCap cap, XnioWorker worker, ThreadPoolExecutor workers, ByteBufferPool buffers,
                           ServerThreads threads, InetSocketAddress address) {
    }

    /**
     * @param ingest        what the instance's drain has taken, for health and metrics
     * @param onThreadStart what each of the server's threads runs first, on itself: the plugin lowers
     *                      their scheduling priority there, so that serving, however many clients ask,
     *                      takes only the CPU that the pipeline (Fluent Bit and the drain) leaves
     */
    public HttpServer(Config config, Streams streams, Supplier<Ingest> ingest, HostLog log, Runnable onThreadStart) {
        this(config, streams, ingest, log, Timeouts.of(config), onThreadStart);
    }

    /** A server without a drain (tests): health and metrics show no ingest. */
    HttpServer(Config config, Streams streams, HostLog log) {
        this(config, streams, () -> Ingest.NONE, log, Timeouts.of(config), () -> { });
    }

    HttpServer(Config config, Streams streams, HostLog log, Timeouts timeouts) {
        this(config, streams, () -> Ingest.NONE, log, timeouts, () -> { });
    }

    private HttpServer(Config config, Streams streams, Supplier<Ingest> ingest, HostLog log, Timeouts timeouts,
                       Runnable onThreadStart) {
        this.config = config;
        this.streams = streams;
        this.ingest = ingest;
        this.log = log;
        this.timeouts = timeouts;
        this.onThreadStart = onThreadStart;
    }

    /** Binds and starts serving; a port in use or an address not on this host is a ConfigException. */
    public synchronized void start() throws ConfigException {
        if (running != null) {
            throw new IllegalStateException("already started");
        }
        ListenAddress listen = new ListenAddress(config.httpListen(), config.httpPort());
        InetAddress address = listen.resolve();
        ServerThreads threads = new ServerThreads("vivo-java-http-" + config.name(), onThreadStart);
        LibraryLogging.attach(log, threads.group());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        workers.allowCoreThreadTimeOut(true);
        ByteBufferPool buffers = new DefaultByteBufferPool(true, BUFFER_SIZE, 64, 4);
        XnioWorker worker = null;
        AcceptingChannel<StreamConnection> channel = null;
        ConnectionCap cap = null;
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorkerBuilder()
                    .setWorkerName(threads.prefix() + "-xnio")
                    .setWorkerIoThreads(1)
                    .setDaemon(true)
                    .setThreadGroup(threads.group())
                    .setExternalExecutorService(workers)
                    .build();
            for (int i = 0; i < worker.getIoThreadCount(); i++) {
                // XNIO makes its threads itself; its accept thread idles (TCP servers accept on the I/O threads)
                worker.getIoThread(i).execute(onThreadStart);
            }
            // the cap is made below, after the routes: health reads it through this reference, never under a lock
            AtomicReference<ConnectionCap> served = new AtomicReference<>();
            Routes routes = new Routes(config, new Status.Sources(streams, ingest,
                    () -> served.get() == null ? 0 : served.get().served(), new Followers(config.httpMaxFollowers()),
                    new InflightBudget(config.httpInflightSize())), log, timeouts.writeMillis());
            InetSocketAddress bind = new InetSocketAddress(address, config.httpPort());
            OptionMap options = undertowOptions();
            HttpOpenListener http = new HttpOpenListener(buffers, options);
            if (config.httpTls() == null) {
                // what Undertow.start does for an HTTP listener, with our ConnectionCap as the accept listener
                http.setRootHandler(new Http2UpgradeHandler(routes));
                cap = new ConnectionCap(config.httpMaxConnections(), http, true, log);
                served.set(cap);
                channel = worker.createStreamConnectionServer(bind, cap, socketOptions());
            } else {
                // and for an HTTPS one: HTTP/2 or HTTP/1.1 as ALPN agrees, else HTTP/1.1
                http.setRootHandler(routes);
                AlpnOpenListener alpn = new AlpnOpenListener(buffers, options, http);
                Http2OpenListener http2 = new Http2OpenListener(buffers, options);
                http2.setRootHandler(routes);
                alpn.addProtocol(Http2OpenListener.HTTP2, http2, 10);
                cap = new ConnectionCap(config.httpMaxConnections(), alpn, false, log);
                served.set(cap);
                UndertowXnioSsl tls = new UndertowXnioSsl(worker.getXnio(), OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
                        config.httpTls());
                @SuppressWarnings({"unchecked", "rawtypes"})
                AcceptingChannel<StreamConnection> tlsChannel = (AcceptingChannel) tls.createSslConnectionServer(
                        worker, bind, (ChannelListener) cap, socketOptions());
                channel = tlsChannel;
            }
            channel.resumeAccepts();
            // the address as resolved: a socket bound to 0.0.0.0 may report itself as [::]
            int port = channel.getLocalAddress(InetSocketAddress.class).getPort();
            running = new Running(channel, cap, worker, workers, buffers, threads, new InetSocketAddress(address, port));
        } catch (IOException | RuntimeException e) {
            release(new Running(channel, cap, worker, workers, buffers, threads, null));
            throw listen.failure(e);
        }
        log.info(ListenAddress.startupLine(running.address(), config.httpTls() != null, config.httpAuthToken() != null));
    }

    /**
     * Undertow's options: HTTP/2 (prior knowledge and h2c), the raw URL, the timeouts, and the request
     * head and HTTP/2 stream limits that bound what one connection can make the server hold.
     */
    private OptionMap undertowOptions() {
        OptionMap.Builder options = OptionMap.builder()
                .set(UndertowOptions.ENABLE_HTTP2, true)
                .set(UndertowOptions.DECODE_URL, false)
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.MAX_HEADER_SIZE, RequestHead.READ_LIMIT)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, RequestHead.READ_LIMIT)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, HTTP2_STREAMS);
        if (timeouts.idleMillis() > 0) {
            // no request for this long, or a request head that takes this long to arrive (slowloris)
            options.set(UndertowOptions.NO_REQUEST_TIMEOUT, timeouts.idleMillis())
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, timeouts.idleMillis());
        }
        return options.getMap();
    }

    private OptionMap socketOptions() {
        OptionMap.Builder options = OptionMap.builder()
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BACKLOG, 1000);
        if (timeouts.writeMillis() > 0) {
            options.set(Options.WRITE_TIMEOUT, timeouts.writeMillis());
        }
        return options.getMap();
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

    /** Connections being served (for tests: they wait for it to fall back after their clients close). */
    synchronized int openConnections() {
        return running == null ? 0 : running.cap().served();
    }

    /** Stops what {@code r} holds that was started (a failed start has some parts null), then waits for its threads. */
    private void release(Running r) {
        try {
            IoUtils.safeClose(r.channel());
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
