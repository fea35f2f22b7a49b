package vivo.render;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The classic {@code /logs} view of a logs chunk (Fluent Bit 2.1 to 4.1, and what the Vivo UI reads):
 * one line per record, {@code [[<ns>,{"_tag":"<tag>",<metadata keys>}],{<body>}]}, the tag inserted as the
 * first metadata key. No group information; a chunk without records has no line.
 */
final class ClassicLogs {

    private static final Bytes TAG_KEY = Bytes.shared(JsonWriter.bytes("\"_tag\":"));
    /**
     * Four times Undertow's buffer: a write this large goes from the blocking HTTP/1.1 stream to the socket
     * at once, not 16 KiB at a time (BENCHMARKS.md: /logs over HTTP/1.1 0.7-0.9 to 1.0-1.2 GB/s).
     */
    private static final int STAGING = 64 * 1024;
    /** One staging buffer per thread that writes (the HTTP workers, the I/O thread), not one per entry written. */
    private static final ThreadLocal<byte[]> STAGING_BUFFER = ThreadLocal.withInitial(() -> new byte[STAGING]);

    private ClassicLogs() {
    }

    static long length(LogRecords r) {
        int n = r.count();
        long length = 0;
        for (int i = 0; i < n; i++) {
            length += r.end(i) - r.starts[i] + 1 + inserted(r, i);
        }
        return length;
    }

    /** Bytes inserted into record i's metadata: {@code "_tag":"<tag>"}, and a comma before other keys. */
    private static int inserted(LogRecords r, int i) {
        switch (r.kinds[i]) {
            case LogRecords.EMPTY_METADATA:
                return TAG_KEY.length() + r.tag.length;
            case LogRecords.METADATA:
                return TAG_KEY.length() + r.tag.length + 1;
            default:
                return 0;
        }
    }

    /** Writes the lines through a small staging buffer: a chunk has thousands of short pieces. */
    static void write(LogRecords r, OutputStream out) throws IOException {
        Staging s = new Staging(out);
        Bytes tag = Bytes.of(r.tag);
        for (int i = 0; i < r.count(); i++) {
            int start = r.starts[i];
            int end = r.end(i);
            if (r.kinds[i] == LogRecords.OWN_TAG) {
                s.put(r.records, start, end - start);
            } else {
                int meta = r.metadata[i];
                s.put(r.records, start, meta - start);
                s.put(TAG_KEY, 0, TAG_KEY.length());
                s.put(tag, 0, tag.length());
                if (r.kinds[i] == LogRecords.METADATA) {
                    s.put((byte) ',');
                }
                s.put(r.records, meta, end - meta);
            }
            s.put((byte) '\n');
        }
        s.flush();
    }

    private static final class Staging {
        private final OutputStream out;
        private final byte[] buf = STAGING_BUFFER.get();
        private int n;

        Staging(OutputStream out) {
            this.out = out;
        }

        void put(byte b) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = b;
        }

        void put(Bytes bytes, int from, int length) throws IOException {
            if (length > buf.length - n) {
                flush();
                if (length > buf.length) {
                    bytes.write(out, from, length);
                    return;
                }
            }
            bytes.get(from, buf, n, length);
            n += length;
        }

        void flush() throws IOException {
            if (n > 0) {
                out.write(buf, 0, n);
                n = 0;
            }
        }
    }
}
