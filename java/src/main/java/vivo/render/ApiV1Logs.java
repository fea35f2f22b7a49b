package vivo.render;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The {@code /api/v1/logs} view of a logs chunk: one line,
 * {@code {"tag":"<tag>","records":[<record>,...]<group key>}}. The C plugin's line also starts with
 * {@code source_type} and {@code source_name}, which only the input plugin knows; an output proxy plugin
 * is never told them, so they are left out.
 */
final class ApiV1Logs {

    private static final byte[] HEAD = JsonWriter.bytes("{\"tag\":");
    private static final byte[] RECORDS = JsonWriter.bytes(",\"records\":[");
    private static final byte[] TAIL = JsonWriter.bytes("}\n");

    private ApiV1Logs() {
    }

    static long length(LogRecords r) {
        return HEAD.length + r.tag.length + RECORDS.length + r.records.length() + 1 + r.group.length + TAIL.length;
    }

    static void write(LogRecords r, OutputStream out) throws IOException {
        byte[] head = new byte[HEAD.length + r.tag.length + RECORDS.length];
        System.arraycopy(HEAD, 0, head, 0, HEAD.length);
        System.arraycopy(r.tag, 0, head, HEAD.length, r.tag.length);
        System.arraycopy(RECORDS, 0, head, HEAD.length + r.tag.length, RECORDS.length);
        out.write(head);
        r.records.write(out);
        byte[] tail = new byte[1 + r.group.length + TAIL.length];
        tail[0] = ']';
        System.arraycopy(r.group, 0, tail, 1, r.group.length);
        System.arraycopy(TAIL, 0, tail, 1 + r.group.length, TAIL.length);
        out.write(tail);
    }
}
