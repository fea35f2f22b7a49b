package vivo.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import vivo.decode.ChunkKind;
import vivo.render.Payload;
import vivo.render.View;

/**
 * A payload of {@code length} bytes that are made while being written (lines of digits), so a test can
 * serve far more than it holds, and see how far the server has got: {@link #written()}.
 */
final class Generated implements Payload {

    private static final int LINE = 64;
    private final long length;
    private final AtomicLong written = new AtomicLong();

    /** @param length a multiple of 64 */
    Generated(long length) {
        if (length % LINE != 0) {
            throw new IllegalArgumentException("length must be a multiple of " + LINE);
        }
        this.length = length;
    }

    /** One 64-byte line of the body: 63 copies of one digit and a newline. */
    static byte[] line(long index) {
        byte[] line = new byte[LINE];
        Arrays.fill(line, (byte) ('0' + index % 10));
        line[LINE - 1] = '\n';
        return line;
    }

    /** The byte at {@code position} of the body. */
    static byte byteAt(long position) {
        return position % LINE == LINE - 1 ? (byte) '\n' : (byte) ('0' + (position / LINE) % 10);
    }

    long written() {
        return written.get();
    }

    @Override
    public ChunkKind kind() {
        return ChunkKind.METRICS;
    }

    @Override
    public int records() {
        return 1;
    }

    @Override
    public int size() {
        return LINE;
    }

    @Override
    public long length(View view) {
        return length;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        byte[] block = new byte[LINE * 1024];
        for (long line = 0; line < length / LINE; ) {
            int lines = (int) Math.min(1024, length / LINE - line);
            for (int i = 0; i < lines; i++) {
                System.arraycopy(line(line + i), 0, block, i * LINE, LINE);
            }
            out.write(block, 0, lines * LINE);
            written.addAndGet((long) lines * LINE);
            line += lines;
        }
    }
}
