package vivo.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;
import vivo.HostLog;
import vivo.RateLimitedLog;

/**
 * The accept listener of the API's port: it hands at most {@code http_max_connections} open connections
 * to Undertow, and answers each one more at once with a {@code 503} and {@code Retry-After}, without
 * reading its request, then closes it. A refused connection costs no Undertow state, no buffer and no
 * thread, so no number of clients can make the server hold more than the cap of served connections.
 *
 * <p>The reply goes out before the request is read (a client reads it after sending its request). The
 * connection is then half-closed and what the client sends is read and dropped until it closes, for at
 * most {@link #LINGER_MILLIS}: closing with unread bytes would make the kernel send a reset, which can
 * destroy the reply before the client reads it. At most as many refused connections as the cap linger
 * at once; beyond that they are closed at once.
 */
final class ConnectionCap implements ChannelListener<AcceptingChannel<StreamConnection>> {

    static final long LINGER_MILLIS = 1_000;
    private static final byte[] BUSY = busyReply();

    private final int max;
    private final ChannelListener<StreamConnection> next;
    private final boolean answer;
    private final RateLimitedLog refusals;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger lingering = new AtomicInteger();

    /**
     * @param next   Undertow's open listener, given each connection admitted
     * @param answer whether to answer a refused connection: not over TLS, where nothing can be said
     *               before a handshake, so a refused TLS connection is closed at once
     */
    ConnectionCap(int max, ChannelListener<StreamConnection> next, boolean answer, HostLog log) {
        this.max = max;
        this.next = next;
        this.answer = answer;
        this.refusals = new RateLimitedLog(log, "more connections refused");
    }

    /** Connections admitted and not yet closed. */
    int served() {
        return served.get();
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> server) {
        StreamConnection connection;
        try {
            while ((connection = server.accept()) != null) {
                if (served.get() < max) {
                    admit(connection);
                } else {
                    refuse(connection);
                }
            }
        } catch (IOException e) {
            // a stopping server's last wake-up is routine; no file descriptor left is not, though the next accept may work
            if (server.isOpen()) {
                refusals.warn("could not accept a connection: " + e);
            }
        }
    }

    private void admit(StreamConnection connection) {
        served.incrementAndGet();
        next.handleEvent(connection);
        // Undertow sets the connection's one close listener when it takes it; ours runs after its own
        ChannelListener<? super StreamConnection> undertows = connection.getCloseListener();
        connection.setCloseListener(c -> {
            served.decrementAndGet();
            ChannelListeners.invokeChannelListener(c, undertows);
        });
        if (!connection.isOpen()) {
            // closed before our listener was set (Undertow could not set it up): it will never run
            connection.setCloseListener(undertows);
            served.decrementAndGet();
        }
    }

    private void refuse(StreamConnection connection) {
        refusals.warn("refused a connection from " + connection.getPeerAddress() + (answer ? " with 503: " : ": ")
                + max + " are open, as many as http_max_connections allows");
        if (!answer) {
            IoUtils.safeClose(connection);
            return;
        }
        try {
            connection.getSinkChannel().write(ByteBuffer.wrap(BUSY));
            connection.getSinkChannel().shutdownWrites();
            connection.getSinkChannel().flush();
        } catch (IOException e) {
            IoUtils.safeClose(connection);
            return;
        }
        if (lingering.incrementAndGet() > max) {
            lingering.decrementAndGet();
            IoUtils.safeClose(connection);
            return;
        }
        connection.setCloseListener(c -> lingering.decrementAndGet());
        ByteBuffer dropped = ByteBuffer.allocate(512);
        connection.getSourceChannel().setReadListener(source -> {
            try {
                int n;
                do {
                    dropped.clear();
                    n = source.read(dropped);
                } while (n > 0);
                if (n < 0) {
                    IoUtils.safeClose(connection);
                }
            } catch (IOException e) {
                IoUtils.safeClose(connection);
            }
        });
        connection.getSourceChannel().resumeReads();
        connection.getIoThread().executeAfter(() -> IoUtils.safeClose(connection), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static byte[] busyReply() {
        String body = "{\"error\":\"too many connections: the server is at http_max_connections; retry later\"}\n";
        return ("HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: " + Replies.JSON + "\r\n"
                + "Cache-Control: " + Replies.NO_STORE + "\r\n"
                + "Retry-After: 1\r\n"
                + "Connection: close\r\n"
                + "Content-Length: " + body.length() + "\r\n"
                + "\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }
}
