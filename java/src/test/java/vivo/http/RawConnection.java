package vivo.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One TCP connection speaking HTTP/1.x by hand, to see the exact bytes; every read waits at most 5 s. */
final class RawConnection implements AutoCloseable {

    /** A response as it came: status line, headers in order with their case, body bytes. */
    record Response(String statusLine, List<String> headerLines, byte[] body) {

        Optional<String> header(String name) {
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
            return Optional.empty();
        }

        List<String> headerNames() {
            return headerLines.stream().map(l -> l.substring(0, l.indexOf(':'))).sorted().toList();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one response; its body is Content-Length bytes, none for a response to HEAD. */
    Response read(boolean toHead) throws IOException {
        String statusLine = line();
        List<String> headers = new ArrayList<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            headers.add(h);
        }
        Response bare = new Response(statusLine, headers, new byte[0]);
        int length = toHead ? 0 : bare.header("Content-Length").map(Integer::parseInt).orElse(0);
        return new Response(statusLine, headers, in.readNBytes(length));
    }

    /** True when the server has closed the connection (end of stream), false if it is still open after 5 s. */
    boolean closedByServer() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                throw new IOException("unexpected byte " + b + " after the response");
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Exactly {@code n} bytes, as they come (an HTTP/2 frame header, say). */
    byte[] readBytes(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new IOException("closed after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** True when the server closes the connection after sending at most {@code bytes} more bytes. */
    boolean closedByServerAfterAtMost(int bytes) throws IOException {
        byte[] rest = in.readNBytes(bytes + 1);
        return rest.length <= bytes;
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int previous = -1;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (previous == '\r' && b == '\n') {
                byte[] line = bytes.toByteArray();
                return new String(line, 0, line.length - 1, StandardCharsets.ISO_8859_1);
            }
            bytes.write(b);
            previous = b;
        }
        throw new IOException("connection closed in the middle of a line: " + bytes);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
