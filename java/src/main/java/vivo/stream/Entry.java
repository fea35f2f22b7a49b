package vivo.stream;

import vivo.render.Payload;

/**
 * One stored chunk and the id its stream gave it. {@code pins} counts the responses being sent that
 * hold it; only {@link InflightBudget} touches it, under its own lock.
 */
public final class Entry {

    private final long id;
    private final Payload payload;
    int pins;

    public Entry(long id, Payload payload) {
        this.id = id;
        this.payload = payload;
    }

    public long id() {
        return id;
    }

    public Payload payload() {
        return payload;
    }

    @Override
    public String toString() {
        return "Entry[id=" + id + ", size=" + payload.size() + "]";
    }
}
