package vivo.render;

/** The shapes in which a stored entry is served. */
public enum View {
    /** {@code /logs}, {@code /metrics}, {@code /traces}: one line per log record, one per metrics or traces context. */
    CLASSIC,
    /** {@code /api/v1/...}: one object per logs chunk; metrics and traces as in CLASSIC. */
    API_V1,
    /**
     * {@code /api/v2/...}: the chunk as one OTLP JSON object ({@code {"resourceLogs":[...]}},
     * {@code resourceMetrics}, {@code resourceSpans}), no newline; the HTTP layer frames it in a page.
     */
    API_V2
}
