package vivo.render;

import java.util.Arrays;
import vivo.decode.ChunkKind;
import vivo.decode.LogReader;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;
import vivo.render.otlp.OtlpForm;

/**
 * Renders the records of a logs chunk into a {@link LogRecords}. A record that is well-formed msgpack but
 * not a record (its body not a map, its timestamp a string, ...) is skipped and counted, and the records
 * after it are still read (the C plugin stops at the first one). Where the chunk stops being readable
 * (truncated, or the byte 0xc1), the records before are kept and the rest is counted as one dropped.
 *
 * <p>One per renderer; not thread-safe.
 */
final class LogsRenderer {

    private static final byte[] EMPTY_MAP = JsonWriter.bytes("{}");
    private static final byte[] BETWEEN = JsonWriter.bytes("],");

    private final JsonWriter w;
    private final LogReader reader = new LogReader();
    private final Groups groups = new Groups();
    private final Drops drops = new Drops();
    private int[] starts = new int[1024];
    private int[] metadata = new int[1024];
    private byte[] kinds = new byte[1024];

    LogsRenderer(JsonWriter w) {
        this.w = w;
    }

    /** @param otlp the chunk's /api/v2 form, which the payload keeps */
    ChunkRenderer.Rendered render(byte[] in, int end, String tag, OtlpForm otlp) {
        reader.reset(in, end);
        groups.reset();
        drops.reset();
        while (!reader.atEnd()) {
            int start = reader.pos();
            int mark = w.position();
            try {
                record(in, end, start, mark);
            } catch (Malformed e) {
                w.rollback(mark);
                int next = drops.recover(e, in, start, end);
                if (next < 0) {
                    break;
                }
                reader.pos(next);
            }
        }
        int n = drops.kept;
        if (n == 0 && drops.dropped() > 0) {
            return new ChunkRenderer.Rendered(null, drops.dropped(), drops.problem(ChunkKind.LOGS, tag, "record"));
        }
        int recordsEnd = w.position();
        w.string(tag.getBytes(java.nio.charset.StandardCharsets.UTF_8));   // after the records, which may be lent
        byte[] tagJson = w.copy(recordsEnd, w.position());
        w.rollback(recordsEnd);
        Bytes records = w.written(recordsEnd);
        LogRecords payload = new LogRecords(tagJson, records, Arrays.copyOf(starts, n), Arrays.copyOf(metadata, n),
                Arrays.copyOf(kinds, n), groups.key(), otlp);
        return new ChunkRenderer.Rendered(payload, drops.dropped(), drops.problem(ChunkKind.LOGS, tag, "record"));
    }

    /** Reads one record (or group marker) at {@code start} and renders it after the records so far. */
    private void record(byte[] in, int end, int start, int mark) {
        switch (reader.head()) {
            case LogReader.RECORD:
                if (!entry(in, end)) {
                    w.rollback(mark);
                    reader.notAMap("body", start);
                    skipInvalid(in, end, start);
                }
                break;
            case LogReader.GROUP_START:
                try {
                    groupStart(in, end, start);
                } catch (Malformed e) {
                    groups.end(); // the records after a bad group start are in no group
                    throw e;
                }
                break;
            case LogReader.GROUP_END:
                reader.pos(Msgpack.skip(in, start, end));
                groups.end();
                break;
            default:
                if (reader.groupStartMarker()) {
                    groups.end(); // a group start that cannot be used: what follows is in no group
                }
                skipInvalid(in, end, start);
                break;
        }
    }

    private void skipInvalid(byte[] in, int end, int start) {
        String reason = reader.invalidReason();
        int at = reader.invalidAt();
        reader.pos(Msgpack.skip(in, start, end));
        drops.skip(reason, at);
    }

    /**
     * Renders a record whose timestamp was read, from its metadata on.
     *
     * @return false, with the reader at the body, when the body is not a map
     */
    private boolean entry(byte[] in, int end) {
        int n = drops.kept;
        if (n > 0) {
            w.raw((byte) ',');
        }
        int at = w.position();
        w.recordStart(reader.nanos());
        int meta = w.position() + 1;
        byte kind;
        int p = reader.pos();
        if (reader.legacy()) {
            w.raw(EMPTY_MAP);
            kind = LogRecords.EMPTY_METADATA;
        } else {
            p = w.metadata(p);
            kind = w.at(meta) == '}' ? LogRecords.EMPTY_METADATA
                    : w.metadataHasTag() ? LogRecords.OWN_TAG : LogRecords.METADATA;
            reader.pos(p);
        }
        if (p >= end) {
            throw Malformed.truncated("record", p);
        }
        if (!Msgpack.isMap(in[p] & 0xff)) {
            return false;
        }
        w.raw(BETWEEN);
        reader.pos(w.value(p, 1));
        w.raw((byte) ']');
        if (n == starts.length) {
            starts = Arrays.copyOf(starts, n * 2);
            metadata = Arrays.copyOf(metadata, n * 2);
            kinds = Arrays.copyOf(kinds, n * 2);
        }
        starts[n] = at;
        metadata[n] = meta;
        kinds[n] = kind;
        drops.kept = n + 1;
        groups.record();
        return true;
    }

    /** A group start marker: its metadata (none if legacy) and attributes must be maps that render. */
    private void groupStart(byte[] in, int end, int start) {
        int meta = reader.legacy() ? -1 : reader.pos();
        int body = meta < 0 ? reader.pos() : Msgpack.skip(in, meta, end);
        if (body >= end) {
            throw Malformed.truncated("record", body);
        }
        reader.pos(body);
        if (!Msgpack.isMap(reader.peek())) {
            groups.end();
            reader.notAMap("group attributes", start);
            skipInvalid(in, end, start);
            return;
        }
        int after = Msgpack.skip(in, body, end);
        byte[] key = Groups.render(w, in, end, meta, body);
        reader.pos(after);
        groups.start(key);
    }
}
