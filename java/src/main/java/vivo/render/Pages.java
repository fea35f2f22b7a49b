package vivo.render;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vivo.decode.ChunkKind;

/**
 * The bytes of a response body in each view, and the framing of an {@code /api/v2} page:
 * <pre>
 * {"schemaVersion":2,"signal":"logs","generation":"&lt;uuid&gt;","nextCursor":"7","oldestCursor":"0","tailCursor":"9",
 *  "gap":false,"entries":[{"id":"5","source":{"tag":"app.log"},"payload":{"resourceLogs":[...]}},...]}
 * </pre>
 * on one line, ending with a newline. Cursors and ids are decimal strings. {@code source} holds what is
 * known of a chunk's origin: an output plugin is told only the tag.
 *
 * <p>A page's size is bounded ({@code stream_page_size}) before its cursors are known, so the bound counts
 * the head at its longest ({@link #MAX_HEAD}: cursors of 19 digits, {@code "gap":false}).
 */
public final class Pages {

    private static final byte[] ENTRY_ID = JsonWriter.bytes("{\"id\":\"");
    private static final byte[] SOURCE = JsonWriter.bytes("\",\"source\":{\"tag\":");
    private static final byte[] PAYLOAD = JsonWriter.bytes("},\"payload\":");
    private static final byte[] TAIL = JsonWriter.bytes("]}\n");
    /** The generation is a UUID, always 36 characters. */
    private static final String SOME_GENERATION = "00000000-0000-0000-0000-000000000000";
    /** The longest head of any page: the longest signal name, cursors of Long.MAX_VALUE, "gap":false. */
    public static final int MAX_HEAD = head(ChunkKind.METRICS, SOME_GENERATION, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false).length;

    private Pages() {
    }

    /** The head of a page, up to and with the {@code [} of its entries. */
    public static byte[] head(ChunkKind kind, String generation, long next, long oldest, long tail, boolean gap) {
        return ("{\"schemaVersion\":2,\"signal\":\"" + kind.path() + "\",\"generation\":\"" + generation
                + "\",\"nextCursor\":\"" + next + "\",\"oldestCursor\":\"" + oldest + "\",\"tailCursor\":\"" + tail
                + "\",\"gap\":" + gap + ",\"entries\":[").getBytes(StandardCharsets.US_ASCII);
    }

    /** What a page ends with, after its last entry. */
    public static byte[] tail() {
        return TAIL.clone();
    }

    /** A tag as the JSON string an entry's {@code source} holds, quotes included: made once per entry. */
    public static byte[] tagJson(String tag) {
        byte[] utf8 = tag.getBytes(StandardCharsets.UTF_8);
        byte[] json = new byte[utf8.length * JsonStrings.MAX_EXPANSION + 16];
        return Arrays.copyOf(json, JsonStrings.write(utf8, 0, utf8.length, json, 0));
    }

    /** An entry's framing before its payload: {@code {"id":"5","source":{"tag":"app.log"},"payload":}. */
    public static byte[] entryHead(long id, byte[] tagJson) {
        byte[] idText = Long.toString(id).getBytes(StandardCharsets.US_ASCII);
        byte[] head = new byte[entryHeadLength(id, tagJson)];
        int o = 0;
        for (byte[] part : new byte[][] {ENTRY_ID, idText, SOURCE, tagJson, PAYLOAD}) {
            System.arraycopy(part, 0, head, o, part.length);
            o += part.length;
        }
        return head;
    }

    private static int entryHeadLength(long id, byte[] tagJson) {
        return ENTRY_ID.length + Long.toString(id).length() + SOURCE.length + tagJson.length + PAYLOAD.length;
    }

    /**
     * The bytes one entry takes of a body in {@code view}: its lines, or in a page its framing, its payload,
     * its closing brace and the comma that may precede it; -1 when its /api/v2 form is not measured yet
     * ({@link Payload#knownLength}). Arithmetic only: it runs under the stream's lock.
     */
    public static long entryBytes(View view, long id, byte[] tagJson, Payload payload) {
        long length = payload.knownLength(view);
        return view == View.API_V2 && length >= 0 ? entryHeadLength(id, tagJson) + length + 2 : length;
    }

    /** The most bytes the entries of one page may take when pages hold {@code pageSize} bytes. */
    public static long entriesRoom(View view, long pageSize) {
        return view == View.API_V2 ? pageSize - MAX_HEAD - TAIL.length : pageSize;
    }

    /**
     * The longest body a response with this entry alone can be in the views known when it is stored
     * (classic, /api/v1), whatever its id. Its /api/v2 form is rendered only when read: a page takes it
     * alone even when that is longer than a page ({@link vivo.stream.Page}).
     */
    public static long longestBody(Payload payload) {
        return Math.max(payload.length(View.CLASSIC), payload.length(View.API_V1));
    }
}
