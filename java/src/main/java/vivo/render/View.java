package vivo.render;

/** The two shapes in which a stored entry is served. */
public enum View {
    /** {@code /logs}, {@code /metrics}, {@code /traces}: one line per log record, one per metrics or traces context. */
    CLASSIC,
    /** {@code /api/v1/...}: one object per logs chunk; metrics and traces as in CLASSIC. */
    API_V1
}
