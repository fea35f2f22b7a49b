package vivo.decode;

/** The three kinds of chunk a host flushes, each served from its own stream. */
public enum ChunkKind {
    LOGS("logs"),
    METRICS("metrics"),
    TRACES("traces");

    private final String path;

    ChunkKind(String path) {
        this.path = path;
    }

    /** The last path segment that serves this kind: {@code /logs}, {@code /api/v1/logs}, ... */
    public String path() {
        return path;
    }
}
