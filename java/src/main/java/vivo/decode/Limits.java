package vivo.decode;

/**
 * Every cap the decoder and renderer apply to what a chunk may contain, in one place. A chunk that goes
 * past one is not an error of the host: the record (or context) is skipped and counted, as for any
 * other value that is not what it should be.
 */
public final class Limits {

    /**
     * Deepest nesting of maps and arrays inside one record's metadata, one record's body or one
     * metrics/traces context, the outermost map counting as level 1. Deeper values make the record
     * invalid; the renderer recurses once per level, so this also bounds its stack use. Jackson's
     * {@code StreamWriteConstraints} caps nesting at the same 1000.
     */
    public static final int MAX_DEPTH = 1000;

    /**
     * Maps with at most this many keys find a repeated key through a 64-bit set of key fingerprints,
     * comparing a new key with the earlier ones only when its bit is set; bigger maps look their keys up
     * in a hash table, so that a map of a million keys costs n and not n squared.
     */
    public static final int LINEAR_KEY_SCAN = 8;

    /**
     * A map key that is not a string or bin is written as a string of its JSON text, escaped; a key
     * inside such a key is escaped again, so each level of keys in keys doubles the backslashes, and a
     * chunk of a few hundred bytes could render to gigabytes. Such a key may render to at most this many
     * bytes of JSON per byte of its msgpack, plus {@link #KEY_JSON_SLACK}; past that its record (or
     * context) is skipped and counted, which keeps the JSON of a chunk a fixed multiple of its size.
     */
    public static final int KEY_JSON_PER_BYTE = 16;
    public static final int KEY_JSON_SLACK = 16;

    /**
     * A renderer's reusable output buffer above this size is let go after the chunk that grew it, so
     * one huge chunk does not pin its buffer for the life of the drain thread.
     */
    public static final int RETAINED_BUFFER_BYTES = 8 << 20;

    private Limits() {
    }
}
