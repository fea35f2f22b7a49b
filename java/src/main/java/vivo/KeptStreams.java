package vivo;

import java.util.HashMap;
import java.util.Map;
import vivo.http.Ingest;
import vivo.stream.Streams;

/**
 * The streams of instances stopped by a hot reload, kept by listener (http_listen:http_port) until the
 * next generation's instance with the same listener takes them, so that a client polling with
 * {@code from} neither misses nor repeats anything across the reload. Whatever the new generation does
 * not take is dropped once it is running, so at most one generation's streams wait here.
 */
final class KeptStreams {

    /** Streams kept, with what the drains that fed them took in all: their counters go on from there. */
    record Kept(Streams streams, Ingest ingest, int generation) {
    }

    private final Map<String, Kept> byListener = new HashMap<>();

    synchronized void keep(String listener, Streams streams, Ingest ingest, int generation) {
        byListener.put(listener, new Kept(streams, ingest, generation));
    }

    /** What was kept for this listener, or null. */
    synchronized Kept take(String listener) {
        return byListener.remove(listener);
    }

    /** Every instance of {@code generation} is running: what older generations left is not wanted. */
    synchronized int dropOlderThan(int generation) {
        int before = byListener.size();
        byListener.values().removeIf(kept -> kept.generation() < generation);
        return before - byListener.size();
    }
}
