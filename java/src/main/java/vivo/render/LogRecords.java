package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import vivo.decode.ChunkKind;

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
 * <p>Immutable, so any number of readers may write it at once.
 */
public final class LogRecords implements Payload {

    static final byte EMPTY_METADATA = 0;
    static final byte METADATA = 1;
    static final byte OWN_TAG = 2;

    final byte[] tag;
    final byte[] records;
    final int[] starts;
    final int[] metadata;
    final byte[] kinds;
    final byte[] group;
    private final long classicLength;
    private final long apiV1Length;

    /**
     * @param tag     the chunk's tag as a JSON string, quotes included
     * @param group   {@code ,"otlp":{...}} or {@code ,"flb_group":{...}} for the /api/v1 line, or empty
     */
    LogRecords(byte[] tag, byte[] records, int[] starts, int[] metadata, byte[] kinds, byte[] group) {
        this.tag = tag;
        this.records = records;
        this.starts = starts;
        this.metadata = metadata;
        this.kinds = kinds;
        this.group = group;
        this.classicLength = ClassicLogs.length(this);
        this.apiV1Length = ApiV1Logs.length(this);
    }

    /** The number of records. */
    public int count() {
        return starts.length;
    }

    /** Where record {@code i} ends in {@link #records}: before the comma that follows it, or at the end. */
    int end(int i) {
        return i + 1 < starts.length ? starts[i + 1] - 1 : records.length;
    }

    @Override
    public ChunkKind kind() {
        return ChunkKind.LOGS;
    }

    @Override
    public int size() {
        return records.length + 9 * starts.length + tag.length + group.length;
    }

    @Override
    public long length(View view) {
        return view == View.CLASSIC ? classicLength : apiV1Length;
    }

    @Override
    public void write(View view, OutputStream out) throws IOException {
        if (view == View.CLASSIC) {
            ClassicLogs.write(this, out);
        } else {
            ApiV1Logs.write(this, out);
        }
    }
}
