package vivo.stream;

import vivo.render.Pages;
import vivo.render.Payload;

/**
 * One stored chunk, the id its stream gave it and the tag it was flushed with. {@code pins} counts the
 * responses being sent that hold it; only {@link InflightBudget} touches it, under its own lock.
 */
public final class Entry {

    private final long id;
    private final String tag;
    private final byte[] tagJson;
    private final Payload payload;
    int pins;

    public Entry(long id, String tag, Payload payload) {
        this(id, tag, Pages.tagJson(tag), payload);
    }

    /** @param tagJson the tag as a JSON string ({@link Pages#tagJson}), made before the stream's lock is taken */
    Entry(long id, String tag, byte[] tagJson, Payload payload) {
        this.id = id;
        this.tag = tag;
        this.tagJson = tagJson;
        this.payload = payload;
    }

    public long id() {
        return id;
    }

    /** The tag of the flush, "" when it had none. */
    public String tag() {
        return tag;
    }

    /** The same chunk with another payload (what a filter kept of it): same id and tag. */
    public Entry with(Payload kept) {
        return new Entry(id, tag, tagJson, kept);
    }

    /** The tag as a JSON string, quotes included, as an /api/v2 entry's {@code source} holds it. */
    public byte[] tagJson() {
        return tagJson;
    }

    public Payload payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "Entry[id=" + id + ", size=" + payload.size() + "]";
    }
}
