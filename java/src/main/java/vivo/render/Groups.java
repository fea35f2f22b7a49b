package vivo.render;

import java.util.Arrays;
import vivo.decode.Msgpack;

/**
 * The group key of an {@code /api/v1} logs line. A group start marker carries the group's metadata and
 * attributes (its body); the records up to the group end marker belong to that group. The line gets a
 * group key only when every record that belongs to a group shows the same group information:
 * {@code ,"otlp":{"resource":..,"scope":..}} when the group metadata's {@code schema} is {@code "otlp"}
 * (each of the two only if the attributes have it), else {@code ,"flb_group":{"metadata":..,"body":..}}.
 * Records of two groups with different information: no key (the C plugin compares freed pointers here and
 * usually shows the last group's, mislabelling the others).
 *
 * <p>The key is rendered when the group starts, which also checks the marker can be rendered.
 */
final class Groups {

    private static final byte[] NONE = new byte[0];
    private static final byte[] SCHEMA = JsonWriter.bytes("\"schema\"");
    private static final byte[] OTLP = JsonWriter.bytes("\"otlp\"");
    private static final byte[] RESOURCE = JsonWriter.bytes("\"resource\"");
    private static final byte[] SCOPE = JsonWriter.bytes("\"scope\"");
    private static final byte[] OTLP_OPEN = JsonWriter.bytes(",\"otlp\":{");
    private static final byte[] GROUP_OPEN = JsonWriter.bytes(",\"flb_group\":{\"metadata\":");
    private static final byte[] EMPTY_MAP = JsonWriter.bytes("{}");
    private static final byte[] BODY = JsonWriter.bytes(",\"body\":");

    private byte[] open;
    private byte[] chosen;
    private boolean several;

    void reset() {
        open = null;
        chosen = null;
        several = false;
    }

    /** A group starts; {@code key} is what {@link #render} made of its marker. */
    void start(byte[] key) {
        open = key;
    }

    void end() {
        open = null;
    }

    /** A record was kept: it belongs to the open group, if any. */
    void record() {
        if (open == null || several) {
            return;
        }
        if (chosen == null) {
            chosen = open;
        } else if (open != chosen && !Arrays.equals(open, chosen)) {
            several = true;
        }
    }

    /** The group key for the line, or nothing. */
    byte[] key() {
        return chosen == null || several ? NONE : chosen;
    }

    /**
     * Renders the group key of a marker whose metadata map is at {@code meta} (-1 for a legacy
     * {@code [ts, body]} marker, whose metadata is {@code {}}) and whose attributes map is at {@code body}.
     *
     * @throws vivo.decode.Malformed if a part of it cannot be rendered
     */
    static byte[] render(JsonWriter w, byte[] in, int end, int meta, int body) {
        int mark = w.position();
        try {
            int schema = meta < 0 ? -1 : find(w, in, end, meta, SCHEMA);
            if (schema >= 0 && renders(w, schema, OTLP)) {
                int resource = find(w, in, end, body, RESOURCE);
                int scope = find(w, in, end, body, SCOPE);
                w.raw(OTLP_OPEN);
                if (resource >= 0) {
                    w.raw(RESOURCE);
                    w.raw((byte) ':');
                    w.value(resource, 2);
                }
                if (scope >= 0) {
                    if (resource >= 0) {
                        w.raw((byte) ',');
                    }
                    w.raw(SCOPE);
                    w.raw((byte) ':');
                    w.value(scope, 2);
                }
            } else {
                w.raw(GROUP_OPEN);
                if (meta < 0) {
                    w.raw(EMPTY_MAP);
                } else {
                    w.value(meta, 1);
                }
                w.raw(BODY);
                w.value(body, 1);
            }
            w.raw((byte) '}');
            return w.copy(mark, w.position());
        } finally {
            w.rollback(mark);
        }
    }

    /** The position of the value of the last {@code key} in the map at {@code map}, or -1. */
    private static int find(JsonWriter w, byte[] in, int end, int map, byte[] key) {
        long header = Msgpack.containerHeader(in, map, end);
        int count = (int) (header >>> 8);
        int p = map + (int) (header & 0xff);
        int found = -1;
        for (int i = 0; i < count; i++) {
            int mark = w.position();
            p = w.key(p, 2);
            boolean match = w.equalsAt(mark, w.position(), key);
            w.rollback(mark);
            if (match) {
                found = p;
            }
            p = Msgpack.skip(in, p, end);
        }
        return found;
    }

    /** Whether the value at {@code p} renders as exactly {@code expected}. */
    private static boolean renders(JsonWriter w, int p, byte[] expected) {
        int mark = w.position();
        w.value(p, 2);
        boolean same = w.equalsAt(mark, w.position(), expected);
        w.rollback(mark);
        return same;
    }
}
