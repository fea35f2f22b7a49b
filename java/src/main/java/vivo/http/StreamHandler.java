package vivo.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import vivo.HostLog;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.Selection;
import vivo.stream.Stream;

/**
 * {@code GET} and {@code HEAD} on one stream in one view. Runs on the I/O thread up to the selection
 * (parse the query, take the snapshot, set the headers); a body is then written on a worker thread,
 * entry by entry, straight from the stored payloads into Undertow's buffers, so no request copies the
 * whole body. {@code HEAD} sends the same headers, no body, and never removes anything.
 */
final class StreamHandler implements HttpHandler {

    static final HttpString START_ID = new HttpString("Vivo-Stream-Start-ID");
    static final HttpString END_ID = new HttpString("Vivo-Stream-End-ID");
    static final HttpString NEXT_ID = new HttpString("Vivo-Stream-Next-ID");

    private final Stream stream;
    private final View view;
    private final boolean removeOnRead;
    private final HostLog log;

    StreamHandler(Stream stream, View view, boolean removeOnRead, HostLog log) {
        this.stream = stream;
        this.view = view;
        this.removeOnRead = removeOnRead;
        this.log = log;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        Query query;
        try {
            query = Query.parse(exchange.getQueryString());
        } catch (Query.Invalid e) {
            Replies.error(exchange, 400, e.getMessage());
            return;
        }
        boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
        Selection selection = stream.read(query.range(), removeOnRead && !head);
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.CONTENT_TYPE, Replies.JSON)
                .put(Headers.CACHE_CONTROL, Replies.NO_STORE)
                .put(NEXT_ID, selection.next());
        if (!selection.isEmpty()) {
            headers.put(START_ID, selection.start()).put(END_ID, selection.end());
        }
        headers.put(Headers.CONTENT_LENGTH, selection.length(view));
        if (head || selection.isEmpty()) {
            exchange.endExchange();
        } else {
            exchange.dispatch(() -> writeBody(exchange, selection));
        }
    }

    /** On a worker thread: blocking writes, one entry after another. */
    private void writeBody(HttpServerExchange exchange, Selection selection) {
        exchange.startBlocking();
        try (Counting out = new Counting(exchange.getOutputStream())) {
            for (Entry entry : selection.entries()) {
                long before = out.count;
                entry.payload().write(view, out);
                long expected = entry.payload().length(view);
                if (out.count - before != expected) {
                    log.warn(view + " entry " + entry.id() + " wrote " + (out.count - before) + " bytes but announced "
                            + expected + "; the response to " + exchange.getSourceAddress() + " was cut");
                    exchange.getConnection().close();
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("response to " + exchange.getSourceAddress() + " cut: " + e);
        }
    }

    /** Counts what the payloads write, to check each against its announced length. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
