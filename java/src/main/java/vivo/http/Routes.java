package vivo.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.HashMap;
import java.util.Map;
import vivo.HostLog;
import vivo.config.Config;
import vivo.decode.ChunkKind;
import vivo.render.View;
import vivo.stream.Streams;

/**
 * Every path the server answers, matched exactly and case-sensitively on the raw path (no decoding, the
 * query removed). {@code /} is the banner, or the {@link Viewer}'s page for a browser. With a token
 * ({@link BearerAuth}), every request but a preflight and the viewer's files must carry it, or gets 401.
 * {@code GET} and {@code HEAD} go to the path's handler, {@code OPTIONS} gets the CORS preflight, other
 * methods 405 with Allow and an empty body, other paths 404; a request head above {@link RequestHead#LIMIT} 431 (and the connection
 * closed). CORS headers go on every response.
 */
final class Routes implements HttpHandler {

    static final String BANNER = """
            vivo_java: Fluent Bit Vivo Exporter
            /logs /metrics /traces: newline-delimited JSON, logs one line per record
            /api/v1/logs /api/v1/metrics /api/v1/traces: the same streams, logs one object per chunk
            /api/v2/logs /api/v2/metrics /api/v2/traces: JSON pages of OTLP JSON, with cursors
            /api/v1/health /api/v2/health: state, for probes
            /api/v1/internal/metrics: the plugin's counters (Prometheus); /api/v2/internal/metrics: the same as OTLP JSON
            query: from=<id> to=<id> (both inclusive) limit=<chunks> wait=<seconds> tag=<match,...> grep=<text>
            follow: Accept: text/event-stream (Server-Sent Events, one event per chunk), rate=<records per second>
            viewer: open / in a browser to watch the streams live
            """;

    static final String HEALTH = "/api/v1/health";
    static final String HEALTH_V2 = "/api/v2/health";

    private final Map<String, HttpHandler> paths = new HashMap<>();
    private final Cors cors;
    private final BearerAuth auth;
    private final Viewer viewer = new Viewer();

    /**
     * @param sources     the streams, and where health and metrics read the rest
     * @param writeMillis a client that takes nothing for this long has its response cut ({@link HttpServer.Timeouts})
     */
    Routes(Config config, Status.Sources sources, HostLog log, int writeMillis) {
        this.cors = new Cors(config.corsAllowOrigin(), config.httpAuthToken() != null);
        this.auth = config.httpAuthToken() == null ? null : new BearerAuth(config.httpAuthToken());
        Streams streams = sources.streams();
        for (ChunkKind kind : ChunkKind.values()) {
            for (View view : View.values()) {
                String path = switch (view) {
                    case CLASSIC -> "/";
                    case API_V1 -> "/api/v1/";
                    case API_V2 -> "/api/v2/";
                } + kind.path();
                paths.put(path, new StreamHandler(streams.get(kind), streams.generation(), kind, view, config.streamPageSize(),
                        config.emptyStreamOnRead(), sources.budget(), sources.followers(), config.compress(), writeMillis, log));
            }
        }
        paths.put("/", exchange -> {
            // one path, two representations: caches must not give a browser's page to curl, or the reverse
            exchange.getResponseHeaders().put(Headers.VARY, "Accept");
            if (Viewer.wanted(exchange)) {
                viewer.sendPage(exchange);
            } else {
                Replies.send(exchange, 200, "text/plain; charset=utf-8", BANNER);
            }
        });
        for (String file : viewer.files()) {
            paths.put(file, exchange -> viewer.sendFile(exchange, file));
        }
        Health health = new Health(sources, config.compress());
        paths.put(HEALTH, health);
        paths.put(HEALTH_V2, health);
        paths.put("/api/v1/internal/metrics", new InternalMetrics(sources, config.name()));
        paths.put("/api/v2/internal/metrics", new InternalMetricsOtlp(sources, config.name()));
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        cors.addTo(exchange.getResponseHeaders());
        long headSize = RequestHead.size(exchange);
        if (headSize > RequestHead.LIMIT) {
            exchange.setPersistent(false);
            Replies.error(exchange, 431, "the request line and headers take " + headSize + " bytes; at most "
                    + RequestHead.LIMIT + " are read");
            return;
        }
        String path = rawPath(exchange);
        HttpHandler handler = paths.get(path);
        HttpString method = exchange.getRequestMethod();
        if (method.equals(Methods.OPTIONS) && handler != null) {
            cors.preflight(exchange);
            return;
        }
        // a probe reads the health, and a browser the viewer's files, without a token: neither says
        // anything of what the streams hold
        if (auth != null && !path.equals(HEALTH) && !path.equals(HEALTH_V2) && !viewer.isPublic(path, exchange) && !auth.admits(exchange)) {
            return;
        }
        if (handler == null) {
            Replies.error(exchange, 404, "not found: " + path);
        } else if (method.equals(Methods.GET) || method.equals(Methods.HEAD)) {
            handler.handleRequest(exchange);
        } else {
            // an empty body: the status and Allow say it all, and a body would be read as the resource's
            exchange.getResponseHeaders().put(Headers.ALLOW, Cors.ALLOWED_METHODS).put(Headers.CONTENT_LENGTH, 0);
            exchange.setStatusCode(405);
            exchange.endExchange();
        }
    }

    /**
     * The path as the client sent it: not decoded (the server runs with DECODE_URL off), path parameters
     * ({@code ;x=1}) kept, so {@code /logs;x=1} is not {@code /logs}; the scheme and host of an
     * absolute-form target ({@code GET http://host/logs}) removed.
     */
    static String rawPath(HttpServerExchange exchange) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int slash = uri.indexOf('/', uri.indexOf("://") + 3);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }
}
