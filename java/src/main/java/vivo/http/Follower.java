package vivo.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import vivo.render.Pages;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.InflightBudget;
import vivo.stream.Page;
import vivo.stream.Range;
import vivo.stream.Selection;
import vivo.stream.Stream;

/**
 * One client following a stream with Server-Sent Events ({@code Accept: text/event-stream}): each chunk
 * is one event, {@code id:} its id and one {@code data:} line per line of the view (on {@code /api/v2}
 * one line: the entry as a page holds it, {@code {"id":..,"source":..,"payload":..}}), sent as the chunk
 * arrives. It starts after {@code Last-Event-ID}, else at {@code from}, else with what comes next; ends
 * after {@code to} or {@code limit} events, or when the client goes.
 *
 * <p>A follower holds no thread and buffers nothing for itself: it reads the stream one chunk at a time
 * when the client has taken the last event, and waits for the next append otherwise, with a comment
 * every {@value #KEEP_ALIVE_SECONDS} s so that proxies keep the connection. So it never slows the drain
 * thread or another follower; if it falls behind, the stream evicts what it has not read, and it is told
 * so with an {@code event: gap} (the ids missed) and goes on from the oldest chunk kept. A client that
 * takes nothing for {@code http_idle_timeout} is cut by the write timeout.
 *
 * <p>With {@code rate}, each chunk's records (the lines of its view) are taken from a {@link RateLimit}:
 * what does not fit is left out, not queued, and counted in an {@code event: dropped} with
 * {@code data: {"count":<records>}} and the id of the last chunk it covers (so a resume does not ask for
 * them again). A chunk cut short is followed at once by its count; the counts of chunks left out whole
 * are added up and sent at most once a second, and before the follow ends.
 */
final class Follower {

    static final String EVENT_STREAM = "text/event-stream";
    static final long KEEP_ALIVE_SECONDS = 15;
    private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");
    private static final HttpString NO_BUFFERING = new HttpString("X-Accel-Buffering");
    private static final long RETRY_MILLIS = 5;
    private static final long DROPPED_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] ENTRY_END = {'}', '\n'};

    private final HttpServerExchange exchange;
    private final Stream stream;
    private final View view;
    private final UnaryOperator<Entry> filter;
    private final InflightBudget budget;
    private final Range range;
    private final Runnable onEnd;
    /** Null without {@code rate}. */
    private final RateLimit rate;
    private long next;
    private long sent;
    /** Records left out by the rate and not reported yet, and when the last report went. */
    private long dropped;
    private long droppedReportedAt;
    private boolean ended;
    /** Cancels the wait for an append or the keep-alive (NextAppend), when the follower ends meanwhile. */
    private Runnable cancelWait = () -> { };
    private StreamSinkChannel channel;

    /** Whether the request asks to follow: a GET that accepts {@code text/event-stream}. */
    static boolean wanted(HttpServerExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst(Headers.ACCEPT);
        return exchange.getRequestMethod().equals(Methods.GET) && accept != null && accept.contains(EVENT_STREAM);
    }

    /** The id to start at: after {@code Last-Event-ID}, else {@code from}, else the stream's next id. */
    static long start(HttpServerExchange exchange, Query.Request request, Stream stream) throws Query.Invalid {
        String last = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
        if (last != null) {
            try {
                long id = Long.parseLong(last.strip());
                if (id >= 0 && id < Long.MAX_VALUE) {
                    return id + 1;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new Query.Invalid("Last-Event-ID: expecting the id of an event; found '" + last + "'");
        }
        return request.fromGiven() ? request.range().from() : stream.snapshot().next();
    }

    /**
     * @param rate  records per second at most; 0 for no cap
     * @param onEnd runs once, when the follower ends, whatever ends it
     */
    Follower(HttpServerExchange exchange, Stream stream, View view, UnaryOperator<Entry> filter, InflightBudget budget,
             Range range, long start, long rate, Runnable onEnd) {
        this.exchange = exchange;
        this.stream = stream;
        this.view = view;
        this.filter = filter;
        this.budget = budget;
        this.range = range;
        this.onEnd = onEnd;
        this.next = start;
        long now = System.nanoTime();
        this.rate = rate > 0 ? new RateLimit(rate, now) : null;
        this.droppedReportedAt = now - DROPPED_EVERY_NANOS;
    }

    /** On the I/O thread, from the handler: the headers, a first comment, then the events. */
    void start() {
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, EVENT_STREAM)
                .put(Headers.CACHE_CONTROL, Replies.NO_STORE)
                .put(NO_BUFFERING, "no");
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            end();
            nextListener.proceed();
        });
        // dispatched, so that the exchange stays open when the handler returns: the sends end it
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> send(": following from id " + next + "\n\n"));
    }

    /** Reads the next chunk and sends it, or waits for one; on the I/O thread. */
    private void pump() {
        if (ended) {
            return;
        }
        if (next > range.to() || sent >= range.limit()) {
            if (dropped > 0) {
                send(droppedEvent());
            } else {
                exchange.endExchange();
            }
            return;
        }
        long oldest = stream.snapshot().oldest();
        if (oldest > next) {
            long missed = next;
            next = oldest;
            send("event: gap\nid: " + (oldest - 1) + "\ndata: {\"from\":" + missed + ",\"to\":" + (oldest - 1) + "}\n\n");
            return;
        }
        Selection selection = stream.read(new Range(next, range.to(), 1), Page.UNBOUNDED, false, filter, budget::take);
        if (selection == null) {
            // responses being sent hold the budget: try again in a moment, holding nothing meanwhile
            exchange.getIoThread().executeAfter(this::pump, RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (selection.isEmpty()) {
            // everything up to the stream's next id was read or left out by the filter
            letGo(selection);
            next = Math.max(next, selection.next());
            waitForNext();
            return;
        }
        Entry entry = selection.entries().get(0);
        if (view != View.API_V2) {
            deliver(entry.id(), event(entry, selection));
            return;
        }
        // its OTLP JSON is rendered now, milliseconds for a big chunk: on a worker, then sent from here
        exchange.getConnection().getWorker().execute(() -> {
            byte[] event = event(entry, selection);
            exchange.getIoThread().execute(() -> {
                if (!ended) {
                    deliver(entry.id(), event);
                }
            });
        });
    }

    /** The event of the one entry {@code selection} holds; then the selection is let go. */
    private byte[] event(Entry entry, Selection selection) {
        try {
            return event(entry);
        } finally {
            letGo(selection);
        }
    }

    private void letGo(Selection selection) {
        budget.giveBack(selection);
        selection.release();
    }

    /** Sends the event of entry {@code id}, or what the rate leaves of it, and reads on; on the I/O thread. */
    private void deliver(long id, byte[] event) {
        next = id + 1;
        if (rate == null) {
            sent++;
            send(event);
            return;
        }
        int records = dataLines(event);
        long now = System.nanoTime();
        int allowed = (int) rate.take(records, now);
        dropped += records - allowed;
        if (allowed > 0) {
            sent++;
            send(dropped == 0 ? event : join(cut(event, allowed), droppedEvent()));
        } else if (now - droppedReportedAt >= DROPPED_EVERY_NANOS) {
            send(droppedEvent());
        } else {
            // left out whole: read on, from the I/O thread's queue so that a long run of them cannot nest
            exchange.getIoThread().execute(this::pump);
        }
    }

    /**
     * {@code event: dropped} for what the rate left out, up to and with the chunk before {@code next};
     * resets the count.
     */
    private byte[] droppedEvent() {
        byte[] event = ("event: dropped\nid: " + (next - 1) + "\ndata: {\"count\":" + dropped + "}\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        dropped = 0;
        droppedReportedAt = System.nanoTime();
        return event;
    }

    private static byte[] join(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The data lines of an event: its newlines less the id line's and the closing one (JSON has no raw newline). */
    private static int dataLines(byte[] event) {
        int newlines = 0;
        for (byte b : event) {
            if (b == '\n') {
                newlines++;
            }
        }
        return newlines - 2;
    }

    /** The event with only its first {@code lines} data lines, closed by the empty line. */
    private static byte[] cut(byte[] event, int lines) {
        int newlines = 0;
        for (int i = 0; i < event.length; i++) {
            if (event[i] == '\n' && ++newlines == lines + 1) {
                byte[] out = Arrays.copyOf(event, i + 2);
                out[i + 1] = '\n';
                return out;
            }
        }
        return event;
    }

    /** Waits for the next append; meanwhile a keep-alive, or the dropped count when one is due sooner. */
    private void waitForNext() {
        long delay = dropped > 0 ? Math.max(0, droppedReportedAt + DROPPED_EVERY_NANOS - System.nanoTime())
                : TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS);
        cancelWait = NextAppend.await(exchange, stream, next, delay, this::pump,
                () -> {
                    if (dropped > 0) {
                        send(droppedEvent());
                    } else {
                        send(": keep-alive\n\n");
                    }
                });
    }

    private byte[] event(Entry entry) {
        long known = entry.payload().knownLength(view);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(known, 0) + 64, Integer.MAX_VALUE));
        try {
            out.write(("id: " + entry.id() + "\n").getBytes(StandardCharsets.US_ASCII));
            DataLines data = new DataLines(out);
            if (view == View.API_V2) {
                // one data line: the entry as a page holds it
                data.write(Pages.entryHead(entry.id(), entry.tagJson()));
                entry.payload().write(view, data);
                data.write(ENTRY_END);
            } else {
                entry.payload().write(view, data);
            }
            out.write('\n');
        } catch (IOException e) {
            throw new IllegalStateException("a ByteArrayOutputStream does not fail", e);
        }
        return out.toByteArray();
    }

    private void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes and flushes {@code bytes} without blocking, then reads on ({@link #pump}). Flushed each time,
     * since HTTP/2 holds data frames until a flush, and an event must reach its follower when it comes.
     */
    private void send(byte[] bytes) {
        if (channel == null) {
            channel = exchange.getResponseChannel();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        ChannelListener<StreamSinkChannel> writer = sink -> {
            try {
                while (buffer.hasRemaining()) {
                    if (sink.write(buffer) == 0) {
                        sink.resumeWrites();
                        return;
                    }
                }
                if (!sink.flush()) {
                    sink.resumeWrites();
                    return;
                }
                sink.suspendWrites();
            } catch (IOException e) {
                // the client is gone: closing the connection ends the exchange, and end() runs
                IoUtils.safeClose(exchange.getConnection());
                return;
            }
            pump();
        };
        channel.getWriteSetter().set(writer);
        writer.handleEvent(channel);
    }

    private void end() {
        if (!ended) {
            ended = true;
            cancelWait.run();
            onEnd.run();
        }
    }

    /** Puts {@code data: } before every line: JSON lines hold no raw newline, so each line is one data line. */
    private static final class DataLines extends FilterOutputStream {
        private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
        private boolean lineStart = true;

        DataLines(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int from = off;
            for (int i = off; i < off + len; i++) {
                if (lineStart) {
                    out.write(b, from, i - from);
                    out.write(DATA);
                    from = i;
                    lineStart = false;
                }
                if (b[i] == '\n') {
                    lineStart = true;
                }
            }
            out.write(b, from, off + len - from);
        }
    }
}
