package vivo.stream;

import vivo.render.Payload;

/**
 * One stored chunk, the id its stream gave it and the tag it was flushed with. {@code pins} counts the
 * responses being sent that hold it; only {@link InflightBudget} touches it, under its own lock.
 */
public final class Entry {

    private final long id;
    private final String tag;
    private final Payload payload;
    int pins;

    public Entry(long id, String tag, Payload payload) {
        this.id = id;
        this.tag = tag;
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
        return new Entry(id, tag, kept);
    }

    public Payload payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "Entry[id=" + id + ", size=" + payload.size() + "]";
    }
}
