package vivo.decode;

/**
 * Why a msgpack value could not be read: it runs past the end of the chunk, it holds the byte 0xc1
 * that msgpack never uses, or it nests deeper than {@link Limits#MAX_DEPTH}. The message is the tail
 * of the one warning line, e.g. {@code truncated string at byte 40211}.
 *
 * <p>Thrown only inside the decoder and caught per record by the renderer, so it carries no stack
 * trace (a bad chunk costs no more than a good one).
 */
public final class Malformed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int at;
    private final boolean skippable;

    private Malformed(String reason, int at, boolean skippable) {
        super(reason + " at byte " + at, null, false, false);
        this.reason = reason;
        this.at = at;
        this.skippable = skippable;
    }

    /** The value that starts at {@code at} needs more bytes than the chunk has. */
    public static Malformed truncated(String what, int at) {
        return new Malformed("truncated " + what, at, false);
    }

    /** The byte at {@code at} is not the start of any msgpack value. */
    public static Malformed invalidByte(int b, int at) {
        return new Malformed(String.format("invalid msgpack byte 0x%02x", b & 0xff), at, false);
    }

    /** A map or array at {@code at} is nested deeper than {@link Limits#MAX_DEPTH}. */
    public static Malformed tooDeep(int at) {
        return new Malformed("nesting deeper than " + Limits.MAX_DEPTH + " levels", at, true);
    }

    /**
     * The map key at {@code at}, of {@code bytes} bytes of msgpack, renders to {@code json} bytes of JSON,
     * more than {@link Limits#KEY_JSON_PER_BYTE} allows.
     */
    public static Malformed keyTooLong(int bytes, long json, int at) {
        return new Malformed("a map key of " + bytes + " bytes renders to " + json + " bytes of JSON", at, true);
    }

    /**
     * The value at {@code at} is well-formed but of another type than its place in a structured context
     * (a cmetrics or ctraces field) requires: {@code wanted} was expected, {@code found} is there.
     */
    public static Malformed unexpected(String wanted, String found, int at) {
        return new Malformed("expected " + wanted + ", found " + found, at, true);
    }

    /** What is wrong, without the position: {@code truncated string}. */
    public String reason() {
        return reason;
    }

    /** The chunk offset of the value that is wrong. */
    public int at() {
        return at;
    }

    /**
     * True when the value may still be well-formed msgpack (only too deep, or a key too long), so the reader can step
     * over it and go on; false when the rest of the chunk cannot be read.
     */
    public boolean skippable() {
        return skippable;
    }
}
