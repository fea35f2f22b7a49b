package vivo.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.xnio.IoUtils;
import vivo.HostLog;
import vivo.decode.ChunkKind;
import vivo.render.Pages;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.InflightBudget;
import vivo.stream.Page;
import vivo.stream.Range;
import vivo.stream.Selection;
import vivo.stream.Stream;

/**
 * {@code GET} and {@code HEAD} on one stream in one view. Runs on the I/O thread up to the selection
 * (parse the query, take the snapshot, set the headers). Over HTTP/2, a body of stored bytes only
 * ({@code /api/v1}, and the classic view of metrics and traces) is then sent by the I/O thread itself, as
 * views of the stored entries ({@link StoredBody}); any other body is written on a worker thread, entry by
 * entry, straight from the stored payloads into Undertow's buffers (over HTTP/2, into batches that the I/O
 * thread sends: {@link Http2Batches}). So no request copies the whole body. An {@code /api/v2} page runs
 * on a worker from the selection on, since it first measures (renders) the OTLP JSON of the entries it may
 * take ({@link OtlpLengths}), and writes on that worker.
 * {@code HEAD} sends the same headers, no body, and never removes anything. A body holds its
 * selection until written, against the {@link InflightBudget}: when it does not fit within two seconds,
 * 503 and nothing removed.
 */
final class StreamHandler implements HttpHandler {

    static final HttpString START_ID = new HttpString("Vivo-Stream-Start-ID");
    static final HttpString END_ID = new HttpString("Vivo-Stream-End-ID");
    static final HttpString NEXT_ID = new HttpString("Vivo-Stream-Next-ID");
    static final HttpString GENERATION = new HttpString("Vivo-Stream-Generation");
    static final HttpString OLDEST_ID = new HttpString("Vivo-Stream-Oldest-ID");
    static final HttpString TAIL_ID = new HttpString("Vivo-Stream-Tail-ID");
    static final HttpString GAP = new HttpString("Vivo-Stream-Gap");
    static final HttpString RETAINED_ENTRIES = new HttpString("Vivo-Stream-Retained-Entries");
    static final HttpString RETAINED_BYTES = new HttpString("Vivo-Stream-Retained-Bytes");
    static final HttpString EVICTED_ENTRIES = new HttpString("Vivo-Stream-Evicted-Entries");
    static final HttpString EVICTED_BYTES = new HttpString("Vivo-Stream-Evicted-Bytes");
    static final HttpString REJECTED_ENTRIES = new HttpString("Vivo-Stream-Rejected-Entries");
    /** Every header of a stream response that a browser page may read (CORS exposes them). */
    static final List<HttpString> EXPOSED = List.of(START_ID, END_ID, NEXT_ID, GENERATION, OLDEST_ID, TAIL_ID, GAP,
            RETAINED_ENTRIES, RETAINED_BYTES, EVICTED_ENTRIES, EVICTED_BYTES, REJECTED_ENTRIES);
    static final String NDJSON = "application/x-ndjson";

    private static final long RETRY_MILLIS = 5;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final Stream stream;
    private final ChunkKind kind;
    private final View view;
    private final boolean removeOnRead;
    private final InflightBudget budget;
    private final Followers followers;
    private final String generation;
    private final boolean compress;
    private final int writeMillis;
    private final HostLog log;
    private final Page page;

    /** @param generation the streams' generation ({@link vivo.stream.Streams#generation}) */
    StreamHandler(Stream stream, String generation, ChunkKind kind, View view, long pageSize, boolean removeOnRead,
                  InflightBudget budget, Followers followers, boolean compress, int writeMillis, HostLog log) {
        this.page = new Page(Pages.entriesRoom(view, pageSize), entry -> Pages.entryBytes(view, entry.id(), entry.tagJson(), entry.payload()));
        this.stream = stream;
        this.generation = generation;
        this.compress = compress;
        this.writeMillis = writeMillis;
        this.kind = kind;
        this.view = view;
        this.removeOnRead = removeOnRead;
        this.budget = budget;
        this.followers = followers;
        this.log = log;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Query.Request request;
        UnaryOperator<Entry> filter;
        try {
            request = Query.request(exchange.getQueryString());
            filter = Filters.of(request, kind);
            if (Follower.wanted(exchange)) {
                follow(exchange, request, filter, Follower.start(exchange, request, stream));
                return;
            }
        } catch (Query.Invalid e) {
            Replies.error(exchange, 400, e.getMessage());
            return;
        }
        boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
        Encodings.Choice encoding = compress ? Encodings.choose(acceptEncoding(exchange)) : Encodings.Choice.IDENTITY;
        if (encoding == Encodings.Choice.NONE_ACCEPTABLE) {
            // before the stream is read, so that nothing is removed for an answer that cannot be sent
            Replies.error(exchange, 406, "Accept-Encoding refuses both gzip and identity; nothing else is sent here");
            return;
        }
        long now = System.nanoTime();
        serve(exchange, request, filter, head, encoding == Encodings.Choice.GZIP, now + WAIT_NANOS,
                now + TimeUnit.SECONDS.toNanos(request.waitSeconds()));
    }

    /** Every Accept-Encoding header, joined as one list; null when there is none. */
    private static String acceptEncoding(HttpServerExchange exchange) {
        HeaderValues values = exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING);
        return values == null ? null : String.join(",", values);
    }

    private void follow(HttpServerExchange exchange, Query.Request request, UnaryOperator<Entry> filter, long start) {
        if (!followers.join()) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Follower.KEEP_ALIVE_SECONDS);
            Replies.error(exchange, 503, "too many followers: " + followers.max() + " follow already, as many as "
                    + "http_max_followers allows; retry later");
            return;
        }
        new Follower(exchange, stream, view, filter, budget, request.range(), start, request.rate(), followers::leave).start();
    }

    /**
     * Selects and answers, on the I/O thread. When the budget has no room, the request waits for it
     * without holding a thread, trying again every {@value #RETRY_MILLIS} ms: a response that just
     * ended gives its entries back a moment after its client has the last byte, and a client that asks
     * again at once must not get a 503 for that. After {@code roomDeadline} it does. A request that
     * selects nothing waits the same way, until {@code chunkDeadline} ({@code wait}), for a chunk that
     * it would select.
     */
    private void serve(HttpServerExchange exchange, Query.Request request, UnaryOperator<Entry> filter, boolean head,
                       boolean gzip, long roomDeadline, long chunkDeadline) {
        if (view == View.API_V2 && exchange.isInIoThread()) {
            // a page renders its entries' OTLP JSON to measure them before it is cut: on a worker
            exchange.dispatch(() -> serve(exchange, request, filter, head, gzip, roomDeadline, chunkDeadline));
            return;
        }
        Range range = request.range();
        if (view == View.API_V2) {
            OtlpLengths.measure(stream, range, filter, page);
        }
        // a HEAD holds nothing (no body), so only bodies take from the budget
        Selection selection = stream.read(range, page, removeOnRead && !head, filter, selected -> head || budget.take(selected));
        if (selection == null) {
            if (System.nanoTime() < roomDeadline) {
                exchange.dispatch(SameThreadExecutor.INSTANCE, () -> exchange.getIoThread().executeAfter(
                        () -> serve(exchange, request, filter, head, gzip, roomDeadline, chunkDeadline), RETRY_MILLIS, TimeUnit.MILLISECONDS));
                return;
            }
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, 1);
            Replies.error(exchange, 503, "busy: responses being sent hold " + budget.held() + " bytes of stored chunks, "
                    + "and this one would take them past http_inflight_size (" + budget.limit() + "); retry");
            return;
        }
        long left = chunkDeadline - System.nanoTime();
        if (selection.isEmpty() && left > 0 && range.to() >= selection.next()) {
            // dispatched, so that the exchange stays open when the handler returns
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> NextAppend.await(exchange, stream, selection.next(), left,
                    () -> serve(exchange, request, filter, head, gzip, roomDeadline, chunkDeadline),
                    () -> serve(exchange, request, filter, head, gzip, roomDeadline, 0)));
            return;
        }
        boolean gap = gap(selection.state(), range, request.fromGiven());
        Body body = new Body(view, kind, generation, selection, gap);
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, view == View.API_V1 ? NDJSON : Replies.JSON)
                .put(Headers.CACHE_CONTROL, Replies.NO_STORE)
                .put(NEXT_ID, selection.resume());
        if (!selection.isEmpty()) {
            headers.put(START_ID, selection.start()).put(END_ID, selection.end());
        }
        putState(headers, selection.state(), gap);
        if (compress) {
            headers.put(Headers.VARY, Headers.ACCEPT_ENCODING_STRING);
        }
        if (gzip && !body.isEmpty()) {
            // compressed whole on a worker, since Content-Length is the compressed length (HEAD too)
            exchange.dispatch(() -> {
                try {
                    sendGzipped(exchange, body, head);
                } finally {
                    letGo(selection, head);
                }
            });
            return;
        }
        headers.put(Headers.CONTENT_LENGTH, body.length());
        if (head || body.isEmpty()) {
            letGo(selection, head);
            exchange.endExchange();
        } else if (!exchange.isInIoThread()) {
            // an /api/v2 page, on the worker that measured it: its renderer still holds the last entry's JSON
            try {
                writeBody(exchange, body);
            } finally {
                letGo(selection, false);
            }
        } else if (Http2Batches.serves(exchange) && StoredBody.fits(view, selection)) {
            // nothing to render, and HTTP/2 goes out through this thread anyway: sent from here, so that a
            // client that takes nothing holds no worker. HTTP/1.x stays on the workers, which write to their
            // sockets in parallel: sent from here, 100 pollers took ingest from 90% to 79% (BENCHMARKS.md)
            StoredBody stored = new StoredBody(exchange, body, writeMillis, log, () -> letGo(selection, false));
            exchange.dispatch(SameThreadExecutor.INSTANCE, stored::start);
        } else {
            exchange.dispatch(() -> {
                try {
                    writeBody(exchange, body);
                } finally {
                    letGo(selection, false);
                }
            });
        }
    }

    /** Once the response is written or given up: its share of the budget (a HEAD took none) and its holds. */
    private void letGo(Selection selection, boolean head) {
        if (!head) {
            budget.giveBack(selection);
        }
        selection.release();
    }

    /**
     * Whether the ids asked for from {@code from} on were evicted (below the oldest held, and below the
     * tail) or lie past the tail; never without a {@code from}.
     */
    static boolean gap(Selection.State state, Range range, boolean fromGiven) {
        return fromGiven && ((range.from() < state.oldest() && range.from() < state.next()) || range.from() > state.next());
    }

    /**
     * The stream's state with every response: its generation, oldest and tail ids, whether there is a
     * gap, and what it holds, has evicted and has rejected.
     */
    private void putState(HeaderMap headers, Selection.State state, boolean gap) {
        headers.put(GENERATION, generation)
                .put(OLDEST_ID, state.oldest())
                .put(TAIL_ID, state.next())
                .put(GAP, Boolean.toString(gap))
                .put(RETAINED_ENTRIES, state.entries())
                .put(RETAINED_BYTES, state.bytes())
                .put(EVICTED_ENTRIES, state.evictedEntries())
                .put(EVICTED_BYTES, state.evictedBytes())
                .put(REJECTED_ENTRIES, state.rejectedEntries());
    }

    /** On a worker thread: the body gzipped (level 1: fast, and most of JSON's redundancy is in reach). */
    private void sendGzipped(HttpServerExchange exchange, Body body, boolean head) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            body.write(gz);
        } catch (IOException | RuntimeException e) {
            log.warn(view + " rendering of " + kind.path() + " failed while compressing: " + e);
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_ENCODING, "gzip")
                .put(Headers.CONTENT_LENGTH, compressed.size());
        if (head) {
            exchange.endExchange();
            return;
        }
        OutputStream out = responseBody(exchange);
        try {
            compressed.writeTo(out);
            out.close();
        } catch (IOException e) {
            log.debug("response to " + exchange.getSourceAddress() + " cut: " + e);
            IoUtils.safeClose(out);
        } finally {
            giveUpUnlessEnded(out);
        }
    }

    /**
     * Where a worker writes a body: over HTTP/2, batches the I/O thread sends ({@link Http2Batches});
     * over HTTP/1.x, the exchange's blocking stream, which writes to the socket.
     */
    private OutputStream responseBody(HttpServerExchange exchange) {
        if (Http2Batches.serves(exchange)) {
            return new Http2Batches(exchange, writeMillis);
        }
        exchange.startBlocking();
        return exchange.getOutputStream();
    }

    /** Before the entries a body was written from are let go: the I/O thread must not read them after. */
    private static void giveUpUnlessEnded(OutputStream out) {
        if (out instanceof Http2Batches batches) {
            batches.abandon();
        }
    }

    /**
     * On a worker thread: blocking writes, one entry after another. A client that goes away is routine
     * (debug); a payload that throws or writes other than its announced length is a bug (warn), and the
     * connection is closed since the response cannot be completed.
     */
    private void writeBody(HttpServerExchange exchange, Body body) {
        OutputStream out = responseBody(exchange);
        try {
            body.write(out);
            out.close();
        } catch (IOException e) {
            log.debug("response to " + exchange.getSourceAddress() + " cut: " + e);
            IoUtils.safeClose(out);
        } catch (Body.RenderBug e) {
            // what was written goes out under the announced length, then the connection is closed: the
            // client sees a response cut short, never a complete one of another length
            try {
                out.flush();
            } catch (IOException gone) {
                // the client is gone anyway
            }
            IoUtils.safeClose(exchange.getConnection());
            log.warn(e.getMessage() + "; the response to " + exchange.getSourceAddress() + " was cut");
        } finally {
            giveUpUnlessEnded(out);
        }
    }
}
