package vivo.http;

import io.undertow.io.BufferWritableOutputStream;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.StreamSinkChannel;
import vivo.HostLog;
import vivo.render.Payload;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.Selection;

/**
 * An HTTP/2 body of stored bytes only ({@link Payload#writesStored}: {@code /api/v1}, and the classic view
 * of metrics and traces), sent by the connection's I/O thread without a worker. It gathers the next
 * entries as buffers, views of the stored bytes and copies of their short heads and tails, about
 * {@value Http2Batches#BATCH} bytes at a time (a batch's views and copies are let go once it is
 * written), and writes them as the stream's flow-control window takes them.
 *
 * <p>Why: a client that takes nothing held the worker writing its body until the write timeout cut it,
 * and four such clients, even on one connection, held every other body back for as long. Here it holds
 * its selection (which the budget bounds) and nothing else; and the I/O thread, which copies every HTTP/2
 * body into its frames anyway, has no worker to wait for. Over HTTP/1.1 the same sender worked, but all
 * bodies then went through the one I/O thread instead of four workers writing to their sockets at once,
 * and 100 pollers took ingest down from 90% to 79% of its rate (BENCHMARKS.md): HTTP/1.1 stays on the
 * workers ({@link StreamHandler}).
 *
 * <p>It ends, and lets its selection go ({@code onEnd}, once), when it is written whole; when a write fails
 * or the exchange ends otherwise (its connection closed); or when nothing has moved for the write timeout
 * and a second, since Undertow cuts most stalls itself but not an HTTP/2 stream that its client reset
 * while a frame of it waited on flow control. Nothing gathered is read once it ended: a write takes the
 * bytes it counts for good: Undertow copies them into its frames.
 *
 * <p>All of it runs on the exchange's I/O thread.
 */
final class StoredBody {

    /** Room for the short writes of a batch: heads and tails of about 50 bytes an entry. */
    private static final int STAGING = 8 * 1024;
    /** A batch ends before its array is this close to full, so that its short writes are not copied elsewhere. */
    private static final int STAGING_LEFT = 1024;
    /** Buffers a batch holds at most: each write walks them all (Undertow counts what is left). */
    private static final int MAX_PARTS = 512;
    /** Bytes written in one turn of the I/O thread, before it serves its other connections. */
    private static final long TURN = 1 << 20;
    private static final long CHECK_MILLIS = 1_000;

    private final HttpServerExchange exchange;
    private final Body body;
    private final long stallNanos;
    private final HostLog log;
    private final Runnable onEnd;
    private final Gatherer gatherer = new Gatherer();
    private final Batch batch = gatherer.batch;
    private StreamSinkChannel channel;
    /** The next part of the body to gather ({@link Body#parts}). */
    private int part;
    /** When bytes last moved on. */
    private long progressAt;
    private boolean ended;

    /**
     * @param writeMillis the write timeout; 0: none, and then a body ends only when written or when its
     *                    exchange ends
     * @param onEnd       lets the selection go; runs once, on the I/O thread, after the last read of it
     */
    StoredBody(HttpServerExchange exchange, Body body, int writeMillis, HostLog log, Runnable onEnd) {
        this.exchange = exchange;
        this.body = body;
        this.stallNanos = Http2Batches.stallNanos(writeMillis);
        this.log = log;
        this.onEnd = onEnd;
    }

    /** Whether every entry of {@code selection} writes only stored bytes in {@code view}. */
    static boolean fits(View view, Selection selection) {
        for (Entry entry : selection.entries()) {
            if (!entry.payload().writesStored(view)) {
                return false;
            }
        }
        return true;
    }

    /** On the I/O thread, from a task the exchange was dispatched to (so that it stays open): sends the body. */
    void start() {
        if (exchange.isComplete()) {
            // its client went while the request waited for room or for a chunk (wait=)
            end();
            return;
        }
        try {
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                if (!ended) {
                    // Undertow's write timeout, or the server stopping, closed the stream
                    log.debug("response to " + exchange.getSourceAddress() + " cut: its exchange ended");
                    end();
                }
                nextListener.proceed();
            });
        } catch (IllegalStateException completing) {
            // Undertow ran its completion listeners already (an exchange that failed as it ended)
            end();
            return;
        }
        channel = exchange.getResponseChannel();
        if (channel == null) {
            // not to be had once the response has ended: nothing to write to
            end();
            exchange.endExchange();
            return;
        }
        channel.getWriteSetter().set(c -> pump());
        progressAt = System.nanoTime();
        exchange.getIoThread().executeAfter(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        pump();
    }

    /** Writes until the channel takes no more (then is called again once it is writable), or for a turn. */
    private void pump() {
        if (ended) {
            return;
        }
        try {
            long turn = 0;
            while (true) {
                if (batch.written() && !gatherNext()) {
                    // all of it taken: nothing of the entries is read again, and the exchange ends as it flushes
                    end();
                    exchange.endExchange();
                    return;
                }
                long n = batch.writeTo(channel);
                if (n == 0) {
                    channel.resumeWrites();
                    return;
                }
                progressAt = System.nanoTime();
                turn += n;
                if (turn >= TURN) {
                    // called again on the I/O thread's next turn, after its other connections: one callback,
                    // since writes stay resumed (a task queued here as well would add a pump each turn)
                    channel.resumeWrites();
                    return;
                }
            }
        } catch (IOException e) {
            cut(e.toString());
        } catch (Body.RenderBug e) {
            log.warn(e.getMessage() + "; the response to " + exchange.getSourceAddress() + " was cut");
            // what was gathered goes out under the announced length, as far as the channel takes it now, then the
            // stream is reset: the client sees a response cut short, never a complete one of another length
            try {
                batch.endStaged();
                batch.writeTo(channel);
                channel.flush();
            } catch (IOException gone) {
                // the client is gone anyway
            }
            end();
            Http2Batches.reset(channel);
        } catch (RuntimeException e) {
            // Undertow's own refusals (a channel in a state it does not expect): the body cannot go on
            log.warn("the response to " + exchange.getSourceAddress() + " was cut: " + e);
            cut(e.toString());
        }
    }

    /** Gathers the next batch of parts; false when the body has none left. */
    private boolean gatherNext() throws IOException {
        batch.clear();
        while (part < body.parts() && batch.bytes() < Http2Batches.BATCH && batch.room() >= STAGING_LEFT && batch.parts() < MAX_PARTS) {
            body.write(gatherer, part++);
        }
        batch.endStaged();
        return !batch.written();
    }

    /** Every second until it ended: ends a body whose connection closed, or that nothing moved for too long. */
    private void check() {
        if (ended) {
            return;
        }
        if (!exchange.getConnection().isOpen()) {
            cut("its connection closed");
        } else if (System.nanoTime() - progressAt > stallNanos) {
            cut("nothing taken for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
        } else {
            exchange.getIoThread().executeAfter(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Ends the body, then resets its stream, which ends the exchange. */
    private void cut(String why) {
        log.debug("response to " + exchange.getSourceAddress() + " cut: " + why);
        end();
        Http2Batches.reset(channel);
    }

    private void end() {
        if (!ended) {
            ended = true;
            batch.clear();
            onEnd.run();
        }
    }

    /**
     * Where a batch is gathered: the stored bytes as views, and short writes (an entry's head and tail)
     * copied into the batch's array; past its room, into arrays of their own.
     */
    private static final class Gatherer extends OutputStream implements BufferWritableOutputStream {
        final Batch batch = new Batch(STAGING);

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int n = batch.stage(b, off, len);
            if (n < len) {
                batch.view(ByteBuffer.wrap(Arrays.copyOfRange(b, off + n, off + len)));
            }
        }

        @Override
        public void write(ByteBuffer buffer) {
            batch.view(buffer);
        }

        @Override
        public void write(ByteBuffer[] buffers) {
            for (ByteBuffer buffer : buffers) {
                write(buffer);
            }
        }

        @Override
        public void transferFrom(FileChannel source) {
            throw new UnsupportedOperationException("no files are served");
        }
    }
}
