package vivo.http;

import io.undertow.io.BufferWritableOutputStream;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.Protocols;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * The body of an HTTP/2 response, written by a worker and sent by the connection's I/O thread in batches
 * of about {@value #BATCH} bytes: the I/O thread writes one batch, frame after frame, while the worker
 * fills the next.
 *
 * <p>Why: Undertow's blocking stream hands an HTTP/2 body to the I/O thread one 16 KiB frame at a time
 * (the frame size clients allow). The worker fills the frame's buffer, wakes the I/O thread, and waits for
 * it to write the frame before it may fill the next: two thread switches per 16 KiB held HTTP/2 at a
 * third of what HTTP/1.1 serves. Here the worker waits only when it is a whole batch ahead.
 *
 * <p>A batch holds views of stored entries (native memory, freed once the response lets its selection
 * go) and an array that short writes are copied into; each worker has two batches, which its next
 * response reuses. The I/O thread reads a batch only under {@link #lock} and only while the stream is not
 * {@link #abandoned}; the worker abandons under that lock before it gives up on a response or reuses its
 * batches, so nothing of a batch is read once the worker has returned.
 *
 * <p>A client that takes nothing is mostly Undertow's to cut, as for a blocking write: a stream whose
 * frames wait on flow control past the write timeout is reset, and a connection whose socket takes
 * nothing for that long is closed; either wakes the I/O thread here, and the worker with it. But a stream
 * that the client itself resets while a frame of it waits on flow control is neither closed nor woken by
 * Undertow, and no credit ever comes for it: so the worker also gives up when nothing has moved for the
 * write timeout and a second more.
 *
 * <p>One per response, used by one worker thread; not for the I/O thread, which must never wait.
 */
final class Http2Batches extends OutputStream implements BufferWritableOutputStream {

    /** Bytes a batch gathers before it is sent: 16 frames of 16 KiB. */
    static final int BATCH = 256 * 1024;
    /** Buffers at least this long are sent as they are (stored entries); shorter ones are copied into a batch. */
    private static final int VIEW_MIN = 4 * 1024;
    /** Buffers a batch hands to one gathering write at most. */
    private static final int MAX_PARTS = 64;

    /**
     * Each worker's two batches, reused from one response to the next, since a big body took two new
     * arrays of {@value #BATCH} bytes otherwise: garbage that a busy reader made at hundreds of MB/s.
     */
    private static final ThreadLocal<Batch[]> SPARES = ThreadLocal.withInitial(() -> new Batch[] {new Batch(BATCH), new Batch(BATCH)});

    private final ServerConnection connection;
    private final StreamSinkChannel channel;
    private final Thread worker = Thread.currentThread();
    private final long stallNanos;
    private final Object lock = new Object();

    // guarded by lock: what the I/O thread has to do, and how far it got
    private Batch writing;
    private Batch spare;
    private boolean closing;
    private boolean shutDown;
    private boolean finished;
    private boolean abandoned;
    private Throwable failure;
    /** When the I/O thread last moved bytes on, or was last given something to do. */
    private long progressAt = System.nanoTime();

    // the worker's
    private Batch filling;
    private boolean closed;

    /**
     * On the worker that writes the body, which uses it alone until it {@link #abandon}s it.
     *
     * @param writeMillis the write timeout; 0: none, and then a stream is given up only when its connection closes
     */
    Http2Batches(HttpServerExchange exchange, int writeMillis) {
        this.connection = exchange.getConnection();
        this.channel = exchange.getResponseChannel();
        this.stallNanos = stallNanos(writeMillis);
        Batch[] spares = SPARES.get();
        this.filling = take(spares, 0);
        this.spare = take(spares, 1);
        channel.getWriteSetter().set(c -> pump());
    }

    /**
     * How long an HTTP/2 body may move nothing before its sender gives it up: the write timeout and a
     * second, so that Undertow's own cut comes first where it cuts at all (not for a stream that its
     * client reset while a frame of it waited on flow control); without a write timeout, never.
     */
    static long stallNanos(int writeMillis) {
        return writeMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(writeMillis + 1_000L) : Long.MAX_VALUE;
    }

    /** The spare batch in slot {@code i}, now this response's; a new one if it is out. */
    private static Batch take(Batch[] spares, int i) {
        Batch b = spares[i] == null ? new Batch(BATCH) : spares[i];
        spares[i] = null;
        return b;
    }

    /** Whether to send {@code b} now: enough bytes, its array full, or no room for two more parts in one write. */
    private static boolean full(Batch b) {
        return b.bytes() >= BATCH || b.room() == 0 || b.parts() >= MAX_PARTS - 2;
    }

    /** Whether this exchange's response goes out in HTTP/2 frames. */
    static boolean serves(HttpServerExchange exchange) {
        return exchange.getProtocol().equals(Protocols.HTTP_2_0);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = filling.stage(b, off, len);
            off += n;
            len -= n;
            if (full(filling)) {
                send();
            }
        }
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        if (buffer.remaining() >= VIEW_MIN) {
            filling.view(buffer);
            if (full(filling)) {
                send();
            }
            return;
        }
        while (buffer.hasRemaining()) {
            filling.stage(buffer);
            if (full(filling)) {
                send();
            }
        }
    }

    @Override
    public void write(ByteBuffer[] buffers) throws IOException {
        for (ByteBuffer buffer : buffers) {
            write(buffer);
        }
    }

    @Override
    public void transferFrom(FileChannel source) throws IOException {
        throw new UnsupportedOperationException("no files are served");
    }

    /** Returns once what was written so far has been taken by the stream. */
    @Override
    public void flush() throws IOException {
        send();
        synchronized (lock) {
            await(() -> writing == null);
        }
    }

    /** Sends the rest, ends the stream, and returns once the I/O thread has flushed it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        send();
        synchronized (lock) {
            await(() -> writing == null);
            closing = true;
            progressAt = System.nanoTime();
        }
        toIoThread(this::pump);
        synchronized (lock) {
            await(() -> finished);
        }
    }

    /**
     * Unless the stream was ended, gives up on it: nothing of its batches is read once this returns, and
     * the stream is closed. To be called before the entries written are let go, however the writing ended.
     */
    void abandon() {
        boolean cut;
        synchronized (lock) {
            cut = !finished && !abandoned;
            abandoned = true;
        }
        if (cut) {
            closeOnIoThread();
        }
        if (Thread.currentThread() == worker) {
            recycle();
        }
    }

    /** Gives this response's batches back to its worker's spares, once the I/O thread reads none of them again. */
    private void recycle() {
        Batch[] spares = SPARES.get();
        synchronized (lock) {
            for (Batch b : new Batch[] {filling, writing, spare}) {
                int slot = spares[0] == null ? 0 : 1;
                if (b != null && spares[slot] == null) {
                    spares[slot] = b.clear();
                }
            }
            filling = null;
            writing = null;
            spare = null;
        }
    }

    /** Hands the filled batch to the I/O thread once the one before it is written. */
    private void send() throws IOException {
        if (filling.isEmpty()) {
            return;
        }
        filling.endStaged();
        Batch next;
        synchronized (lock) {
            await(() -> writing == null);
            writing = filling;
            next = spare;
            spare = null;
            progressAt = System.nanoTime();
        }
        filling = next == null ? new Batch(BATCH) : next.clear();
        toIoThread(this::pump);
    }

    /** Runs {@code task} on the I/O thread; one that is stopping (the server is) refuses it. */
    private void toIoThread(Runnable task) throws IOException {
        try {
            channel.getIoThread().execute(task);
        } catch (RejectedExecutionException e) {
            throw new ClosedChannelException();
        }
    }

    /** Closes the stream on the I/O thread (a reset, since it did not end); a stopping one closes it anyway. */
    private void closeOnIoThread() {
        try {
            channel.getIoThread().execute(() -> reset(channel));
        } catch (RejectedExecutionException stopping) {
            // the I/O thread closes every connection as it ends
        }
    }

    /** On the I/O thread: closes an HTTP/2 response that did not end (a reset), and ends its exchange. */
    static void reset(StreamSinkChannel channel) {
        IoUtils.safeClose(channel);
        try {
            channel.flush(); // a closed stream's next call ends the exchange: its completion listeners run
        } catch (IOException e) {
            // closed: nothing to flush
        }
    }

    /** On the I/O thread: writes until the stream takes no more, then is called again once it is writable. */
    private void pump() {
        if (Thread.currentThread() != channel.getIoThread()) {
            // a stopping I/O thread's listeners may run elsewhere: the stream is being closed anyway
            fail(new ClosedChannelException());
            return;
        }
        synchronized (lock) {
            if (abandoned || failure != null) {
                return;
            }
            try {
                Batch b = writing;
                if (b != null) {
                    while (!b.written()) {
                        if (b.writeTo(channel) == 0) {
                            channel.resumeWrites();
                            return;
                        }
                        progressAt = System.nanoTime();
                    }
                    writing = null;
                    spare = b;
                    lock.notifyAll();
                } else if (closing && !finished) {
                    if (!shutDown) {
                        shutDown = true;
                        channel.shutdownWrites();
                    }
                    if (!channel.flush()) {
                        channel.resumeWrites();
                        return;
                    }
                    finished = true;
                    lock.notifyAll();
                }
                channel.suspendWrites();
            } catch (Throwable e) {
                // recorded first, whatever it is, so that the worker never waits on a pump that is gone
                failure = e;
                lock.notifyAll();
                if (e instanceof Error error) {
                    throw error;
                }
            }
        }
    }

    private void fail(Throwable e) {
        synchronized (lock) {
            if (failure == null) {
                failure = e;
            }
            lock.notifyAll();
        }
    }

    private interface Condition {
        boolean holds();
    }

    /**
     * Waits, holding {@link #lock}, until {@code done}. On a failure of the I/O thread's, a closed
     * connection, nothing moved for the write timeout and a second, or an interrupt, abandons the stream
     * and throws.
     */
    private void await(Condition done) throws IOException {
        while (!done.holds()) {
            if (abandoned) {
                throw new ClosedChannelException();
            }
            IOException gone = failure != null ? (failure instanceof IOException io ? io : new IOException(failure))
                    : !connection.isOpen() ? new ClosedChannelException()
                    : System.nanoTime() - progressAt > stallNanos
                    ? new IOException("nothing taken for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms")
                    : null;
            if (gone == null) {
                try {
                    // woken by the I/O thread; the bound is for what wakes nobody (a closed connection, a reset stream)
                    lock.wait(1_000);
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    gone = new InterruptedIOException("interrupted while the response was written");
                }
            }
            abandoned = true;
            closeOnIoThread();
            throw gone;
        }
    }
}
