package vivo.http;

import io.undertow.io.BufferWritableOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import vivo.decode.ChunkKind;
import vivo.render.Bytes;
import vivo.render.Pages;
import vivo.render.View;
import vivo.stream.Entry;
import vivo.stream.Selection;

/**
 * The body of one stream response: the selected entries in a view, one after another (classic and
 * /api/v1: newline-delimited JSON), or framed as one {@code /api/v2} page ({@link Pages}). Its exact length
 * is known before a byte is written; the payloads are written straight from the stored entries.
 */
final class Body {

    private static final byte[] COMMA = {','};
    private static final byte[] ENTRY_END = {'}'};
    /** Bytes a stream that takes no buffers (gzip's) is given at a time from off-heap ones. */
    private static final int COPYING = 64 * 1024;

    private final View view;
    private final List<Entry> entries;
    private final byte[] head;
    private final byte[] tail;
    private final byte[][] entryHeads;
    private final long length;

    /**
     * @param gap whether the page says {@code "gap":true} (only /api/v2 uses it)
     */
    Body(View view, ChunkKind kind, String generation, Selection selection, boolean gap) {
        this.view = view;
        this.entries = selection.entries();
        long total = 0;
        if (view == View.API_V2) {
            Selection.State state = selection.state();
            head = Pages.head(kind, generation, selection.resume(), state.oldest(), state.next(), gap);
            tail = Pages.tail();
            entryHeads = new byte[entries.size()][];
            total = head.length + tail.length + Math.max(0, entries.size() - 1);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                entryHeads[i] = Pages.entryHead(e.id(), e.tagJson());
                total += entryHeads[i].length + e.payload().length(view) + ENTRY_END.length;
            }
        } else {
            head = null;
            tail = null;
            entryHeads = null;
            total = selection.length(view);
        }
        this.length = total;
    }

    long length() {
        return length;
    }

    /** True when there is nothing to write (an empty selection outside /api/v2). */
    boolean isEmpty() {
        return length == 0;
    }

    /** The parts a body is written in, in order ({@link #write(OutputStream, int)}): its head, each entry, its tail. */
    int parts() {
        return entries.size() + 2;
    }

    /**
     * Writes the body to {@code out}. A payload that throws, or writes other than the length it announced,
     * is a {@link RenderBug}: the response cannot be completed.
     */
    void write(OutputStream out) throws IOException {
        Checked checked = new Checked(out);
        for (int part = 0; part < parts(); part++) {
            write(checked, part);
        }
    }

    /** Writes part {@code part} of the body ({@link #parts}) to {@code out}; as {@link #write(OutputStream)} for the rest. */
    void write(OutputStream out, int part) throws IOException {
        write(new Checked(out), part);
    }

    private void write(Checked checked, int part) throws IOException {
        OutputStream out = checked.out();
        if (part == 0 || part == entries.size() + 1) {
            byte[] framing = part == 0 ? head : tail;
            if (framing != null) {
                out.write(framing);
            }
            return;
        }
        int i = part - 1;
        Entry entry = entries.get(i);
        if (entryHeads != null) {
            if (i > 0) {
                out.write(COMMA);
            }
            out.write(entryHeads[i]);
        }
        checked.expect(entry);
        try {
            entry.payload().write(view, checked);
        } catch (RuntimeException e) {
            throw e instanceof RenderBug ? e : new RenderBug(view, entry, "failed: " + e);
        }
        checked.check();
        if (entryHeads != null) {
            out.write(ENTRY_END);
        }
    }

    /** A payload that throws, or writes other than the length it announced: the response cannot be completed. */
    static final class RenderBug extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RenderBug(View view, Entry entry, String what) {
            super(view + " rendering of " + entry.payload().kind().path() + " entry " + entry.id() + " " + what, null, false, false);
        }
    }

    /**
     * Passes each entry's bytes on, refusing any beyond the length it announced; stored (off-heap) bytes
     * as buffers, which Undertow writes to the socket without copying them first when they are large.
     */
    private final class Checked extends FilterOutputStream implements Bytes.Sink {
        private Entry entry;
        private long left;

        /** Where buffers are copied for a stream that takes no buffers; made when first needed. */
        private byte[] copying;

        Checked(OutputStream out) {
            super(out);
        }

        OutputStream out() {
            return out;
        }

        void expect(Entry next) {
            entry = next;
            left = next.payload().length(view);
        }

        void check() {
            if (left != 0) {
                throw new RenderBug(view, entry, "wrote " + left + " bytes less than the " + entry.payload().length(view) + " announced");
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            take(len);
            out.write(b, off, len);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            take(bytes.remaining());
            if (out instanceof BufferWritableOutputStream buffers) {
                buffers.write(bytes);
            } else if (bytes.hasArray()) {
                // a stream that takes no buffers (gzip's): heap bytes as they are, off-heap ones through one array
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                bytes.position(bytes.limit());
            } else {
                if (copying == null) {
                    copying = new byte[COPYING];
                }
                while (bytes.hasRemaining()) {
                    int n = Math.min(bytes.remaining(), copying.length);
                    bytes.get(copying, 0, n);
                    out.write(copying, 0, n);
                }
            }
        }

        /** Counts {@code len} more bytes of the entry, refusing any beyond the length it announced. */
        private void take(int len) {
            if (len > left) {
                throw new RenderBug(view, entry, "wrote more than the " + entry.payload().length(view) + " bytes announced");
            }
            left -= len;
        }

        @Override
        public void close() {
            // the exchange's stream is closed by its owner
        }
    }
}
