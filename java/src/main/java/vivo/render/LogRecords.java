package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import vivo.decode.ChunkKind;
import vivo.render.otlp.OtlpForm;

/**
 * The records of one logs chunk, rendered once and served in both views without rendering again.
 *
 * <p>{@code records} holds every record as {@code [[<ns>,{<metadata>}],{<body>}]}, joined by commas: it is
 * the inside of the {@code /api/v1} line's {@code "records":[...]}. Per record, {@code starts} gives its
 * offset and {@code metadata} the offset just after its metadata's {@code '{'}, which is where the classic
 * view inserts {@code "_tag":"<tag>"}; {@code kinds} says whether that metadata is empty, non-empty, or
 * has a {@code _tag} key of its own (then nothing is inserted: Fluent Bit's duplicate-key rule lets the
 * record's own {@code _tag} win).
 *
 * <p>Immutable, so any number of readers may write it at once. A stream stores it {@link #offHeap}: its
 * records and the chunk's msgpack (its /api/v2 form, rendered when read) in native memory, the
 * per-record offsets (9 bytes a record) on the heap.
 */
public final class LogRecords implements Payload {

    static final byte EMPTY_METADATA = 0;
    static final byte METADATA = 1;
    static final byte OWN_TAG = 2;

    final byte[] tag;
    final Bytes records;
    final int[] starts;
    final int[] metadata;
    final byte[] kinds;
    final byte[] group;
    final OtlpForm otlp;
    private final Slabs.Block block;
    private final long classicLength;
    private final long apiV1Length;

    /**
     * @param tag     the chunk's tag as a JSON string, quotes included
     * @param group   {@code ,"otlp":{...}} or {@code ,"flb_group":{...}} for the /api/v1 line, or empty
     * @param otlp    the chunk's /api/v2 form, {@code {"resourceLogs":[...]}}
     */
    LogRecords(byte[] tag, Bytes records, int[] starts, int[] metadata, byte[] kinds, byte[] group, OtlpForm otlp) {
        this(tag, records, starts, metadata, kinds, group, otlp, null);
    }

    private LogRecords(byte[] tag, Bytes records, int[] starts, int[] metadata, byte[] kinds, byte[] group, OtlpForm otlp,
                       Slabs.Block block) {
        this.tag = tag;
        this.records = records;
        this.starts = starts;
        this.metadata = metadata;
        this.kinds = kinds;
        this.group = group;
        this.otlp = otlp;
        this.block = block;
        this.classicLength = ClassicLogs.length(this);
        this.apiV1Length = ApiV1Logs.length(this);
    }

    /** The number of records. */
    public int count() {
        return starts.length;
    }

    @Override
    public int records() {
        return starts.length;
    }

    /** Where record {@code i} ends in {@link #records}: before the comma that follows it, or at the end. */
    int end(int i) {
        return i + 1 < starts.length ? starts[i + 1] - 1 : records.length();
    }

    /**
     * The records whose rendering ({@code [[<ns>,{<metadata>}],{<body>}]}, as in the /api/v1 view) holds
     * {@code text}, compared as JSON writes it (so {@code é} is looked for as {@code \u00e9} and a quote
     * as {@code \"}): this payload when all do, null when none does.
     */
    public LogRecords keepContaining(String text) {
        byte[] needle = JsonStrings.inside(text);
        int n = count();
        boolean[] kept = new boolean[n];
        int keptCount = 0;
        int keptBytes = 0;
        for (int i = 0; i < n; i++) {
            if (contains(records, starts[i], end(i), needle)) {
                kept[i] = true;
                keptCount++;
                keptBytes += end(i) - starts[i];
            }
        }
        if (keptCount == n) {
            return this;
        }
        if (keptCount == 0) {
            return null;
        }
        byte[] subset = new byte[keptBytes + keptCount - 1];
        int[] newStarts = new int[keptCount];
        int[] newMetadata = new int[keptCount];
        byte[] newKinds = new byte[keptCount];
        int at = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!kept[i]) {
                continue;
            }
            if (k > 0) {
                subset[at++] = ',';
            }
            newStarts[k] = at;
            newMetadata[k] = at + (metadata[i] - starts[i]);
            newKinds[k] = kinds[i];
            records.get(starts[i], subset, at, end(i) - starts[i]);
            at += end(i) - starts[i];
            k++;
        }
        // /api/v2 keeps the whole chunk: its OTLP groups are not split by record (docs/http-api.md says
        // so); the subset is the request's, on the heap, and holds the stored msgpack through the block
        return new LogRecords(tag, Bytes.of(subset), newStarts, newMetadata, newKinds, group, otlp, block);
    }

    private static boolean contains(Bytes haystack, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** This payload with its records and msgpack copied into {@code slabs}; on the heap, owning its bytes, when they refuse. */
    @Override
    public Payload offHeap(Slabs slabs) {
        if (block != null) {
            return this;
        }
        Slabs.Stored stored = slabs.store(records, otlp.bytes());
        return stored == null ? new LogRecords(tag, records.owned(), starts, metadata, kinds, group, otlp.owned(), null)
                : new LogRecords(tag, stored.bytes()[0], starts, metadata, kinds, group, otlp.over(stored.bytes()[1]), stored.block());
    }

    @Override
    public Slabs.Block block() {
        return block;
    }

    @Override
    public ChunkKind kind() {
        return ChunkKind.LOGS;
    }

    @Override
    public int size() {
        return records.length() + 9 * starts.length + tag.length + group.length + otlp.held();
    }

    @Override
    public long length(View view) {
        return view == View.CLASSIC ? classicLength : view == View.API_V1 ? apiV1Length : otlp.length();
    }

    @Override
    public long knownLength(View view) {
        return view == View.API_V2 ? otlp.knownLength() : length(view);
    }

    /** Only /api/v1: the classic view inserts the tag into every record, and /api/v2 is rendered when read. */
    @Override
    public boolean writesStored(View view) {
        return view == View.API_V1;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        if (view == View.CLASSIC) {
            ClassicLogs.write(this, out);
        } else if (view == View.API_V1) {
            ApiV1Logs.write(this, out);
        } else {
            otlp.write(out);
        }
    }
}
