package vivo.render;

import vivo.decode.ChunkKind;
import vivo.decode.Malformed;
import vivo.decode.Msgpack;

/**
 * What one chunk lost, and the one warning line that says so: records (or contexts) skipped because they
 * are well-formed msgpack but not records, and the record cut off where the chunk stops being readable.
 */
final class Drops {

    int kept;
    private int skipped;
    private String firstSkip;
    private int firstSkipAt;
    private String cut;

    void reset() {
        kept = 0;
        skipped = 0;
        firstSkip = null;
        cut = null;
    }

    void skip(String reason, int at) {
        if (skipped++ == 0) {
            firstSkip = reason;
            firstSkipAt = at;
        }
    }

    /** The chunk cannot be read past here: {@code message} is {@link vivo.decode.Malformed#getMessage()}. */
    void cut(String message) {
        cut = message;
    }

    /**
     * After the value at {@code start} failed with {@code e}: if it is only too deep, steps over it and
     * counts it skipped; otherwise (or if stepping over fails) the chunk is cut there.
     *
     * @return the position after the value, or -1 when the chunk cannot be read further
     */
    int recover(Malformed e, byte[] in, int start, int end) {
        if (e.skippable()) {
            try {
                int next = Msgpack.skip(in, start, end);
                skip(e.reason(), e.at());
                return next;
            } catch (Malformed cut) {
                e = cut;
            }
        }
        cut(e.getMessage());
        return -1;
    }

    int dropped() {
        return skipped + (cut == null ? 0 : 1);
    }

    /**
     * For example {@code logs chunk (tag app.log) cut after 118 records: truncated string at byte 40211},
     * or {@code logs chunk (tag a): skipped 1 invalid record, the first at byte 166: the body is a string,
     * not a map}; null when nothing was lost.
     */
    String problem(ChunkKind kind, String tag, String unit) {
        if (dropped() == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder(kind.path()).append(" chunk (tag ").append(tag).append(')');
        if (cut != null) {
            line.append(" cut after ").append(kept).append(' ').append(plural(unit, kept)).append(": ").append(cut);
            if (skipped > 0) {
                line.append("; also");
            }
        } else {
            line.append(':');
        }
        if (skipped > 0) {
            line.append(" skipped ").append(skipped).append(" invalid ").append(plural(unit, skipped))
                    .append(", the first at byte ").append(firstSkipAt).append(": ").append(firstSkip);
        }
        return line.toString();
    }

    private static String plural(String unit, int n) {
        return n == 1 ? unit : unit + "s";
    }
}
