package vivo.http;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/2 connection by prior knowledge, spoken frame by frame, so that a test can do what no client
 * library lets it: never give the server flow-control credit, and see every frame it sends. Requests
 * are GETs whose header block uses the static HPACK table and literals only; reads wait at most 5 s.
 */
final class RawHttp2 implements AutoCloseable {

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;

    /** Every stream's and the connection's window until the client adds to it (RFC 9113 6.9.2). */
    static final int INITIAL_WINDOW = 65_535;

    /** One frame as it came. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        boolean ends() {
            return (type == DATA || type == HEADERS) && (flags & END_STREAM) != 0;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** Connects, sends the preface and empty SETTINGS (the defaults: a 65,535-byte window). */
    RawHttp2(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
    }

    /** A GET of {@code path} on stream {@code stream} (odd, rising). */
    void get(int stream, String path) throws IOException {
        byte[] p = path.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer block = ByteBuffer.allocate(16 + p.length);
        block.put((byte) 0x82);                 // :method GET (static index 2)
        block.put((byte) 0x86);                 // :scheme http (6)
        block.put((byte) 0x04).put((byte) p.length).put(p);   // :path, a literal value (name index 4)
        block.put((byte) 0x01).put((byte) 1).put((byte) 'x'); // :authority x (name index 1)
        frame(HEADERS, END_HEADERS | END_STREAM, stream, Arrays.copyOf(block.array(), block.position()));
    }

    /** Gives the server {@code increment} more bytes to send on {@code stream} (0: the connection). */
    void windowUpdate(int stream, int increment) throws IOException {
        frame(WINDOW_UPDATE, 0, stream, ByteBuffer.allocate(4).putInt(increment).array());
    }

    /** Resets {@code stream}: the client wants no more of it (CANCEL). */
    void cancel(int stream) throws IOException {
        frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(0x8).array());
    }

    /** Lets the server send up to {@code window} bytes on each stream before a WINDOW_UPDATE (SETTINGS_INITIAL_WINDOW_SIZE). */
    void settingsInitialWindow(int window) throws IOException {
        frame(SETTINGS, 0, 0, ByteBuffer.allocate(6).putShort((short) 0x4).putInt(window).array());
    }

    /** The next frame from the server; SETTINGS are acknowledged on the way and returned too. */
    Frame read() throws IOException {
        int length = in.readUnsignedByte() << 16 | in.readUnsignedShort();
        int type = in.readUnsignedByte();
        int flags = in.readUnsignedByte();
        int stream = in.readInt() & 0x7fffffff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (type == SETTINGS && (flags & 0x1) == 0) {
            frame(SETTINGS, 0x1, 0, new byte[0]);
        }
        return new Frame(type, flags, stream, payload);
    }

    /** True when the server closes the connection (after any frames), false if it still is open after 5 s. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer f = ByteBuffer.allocate(9 + payload.length);
        f.put((byte) (payload.length >>> 16)).putShort((short) payload.length).put((byte) type).put((byte) flags)
                .putInt(stream).put(payload);
        out.write(f.array());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
