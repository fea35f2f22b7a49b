/**
 * Rendering of decoded chunks as JSON: {@link vivo.render.ChunkRenderer} turns a flushed chunk into the
 * {@link vivo.render.Payload} a stream stores, {@link vivo.render.LogRecords} (both log views from one
 * rendering) or {@link vivo.render.Lines} (metrics and traces).
 *
 * <h2>JSON rules</h2>
 * Compact JSON, no spaces; every line is valid JSON and pure ASCII.
 * <ul>
 *   <li><b>nil</b> is {@code null}; <b>booleans</b> are {@code true} and {@code false}.
 *   <li><b>Integers</b> in decimal, over the whole uint64 range ({@code 18446744073709551615}) and int64
 *       negatives ({@code -9223372036854775808}).
 *   <li><b>Floats</b> (float64 and float32): NaN, +Inf and -Inf are {@code null}. A whole number from
 *       -2^63 up to (not including) 2^63 prints its integer digits and {@code .0}, like C's {@code %.1f}:
 *       {@code 2.0}, {@code -0.0}, {@code 10000000000000000.0}. Any other value prints the shortest
 *       digits that read back as the same value (schubfach via Jackson, so JDK 17 and 25 agree; for a
 *       float32 the float's own shortest digits), laid out like C's {@code %g}: scientific
 *       {@code d[.ddd]e+XX} / {@code e-XX} with at least two exponent digits ({@code 1e-07},
 *       {@code 1e+300}, {@code 1.7976931348623157e+308}) when the decimal exponent is below -4 or at least
 *       16, plain otherwise ({@code 0.1}, {@code 12.15}, {@code 0.3333333333333333}). That is C's
 *       {@code %.16g} wherever 16 digits are exact, and lossless where they are not ({@code 0.30000000000000004}
 *       stays so; C prints {@code 0.3}).
 *   <li><b>Strings</b> are validated UTF-8. {@code "} {@code \} and newline, carriage return, tab,
 *       backspace, form feed get their short escapes; other bytes 0x00-0x1F and 0x7F are
 *       {@code \}{@code u00xx}; {@code /} is not escaped; every non-ASCII code point is {@code \}{@code uxxxx}
 *       in lower-case hex, a surrogate pair above U+FFFF ({@code 😀} is {@code \}{@code ud83d\}{@code ude00}):
 *       Fluent Bit's default {@code json.escape_unicode}. Invalid UTF-8 becomes {@code \}{@code ufffd},
 *       one per maximal invalid subsequence, exactly where Java's {@code new String(bytes, UTF_8)} puts
 *       U+FFFD.
 *   <li><b>bin</b> is a string of its standard base64, with padding.
 *   <li><b>ext</b> type 0 with 8 bytes (an EventTime) is its time in integer nanoseconds (seconds and
 *       nanoseconds both read as uint32); any other ext is {@code {"ext_type":<type>,"data":"<base64>"}}.
 *   <li><b>Map keys</b>: a string key is that string; a bin key is its base64 text; any other key becomes a
 *       string holding its JSON text ({@code 1} gives {@code "1"}, nil {@code "null"}, true
 *       {@code "true"}, 1.5 {@code "1.5"}, {@code [1,"a"]} gives {@code "[1,\"a\"]"}).
 *       Such a key may render to at most 16 bytes of JSON per byte of its msgpack, plus 16 (each level of
 *       keys in keys doubles the escapes); a longer one makes the record (or context) invalid, skipped
 *       and counted.
 *   <li><b>Repeated keys</b> (compared as rendered, so {@code 1} and {@code "1"} are the same key): only
 *       the last occurrence is written, at its own position, as Fluent Bit does:
 *       {@code {"dup":1,"x":"y","dup":2}} gives {@code {"x":"y","dup":2}}.
 *   <li><b>Nesting</b> deeper than {@link vivo.decode.Limits#MAX_DEPTH} levels makes the record (or
 *       context) invalid: it is skipped and counted.
 * </ul>
 *
 * <h2>Log records</h2>
 * Each record is {@code [[<timestamp ns>,{<metadata>}],{<body>}]}; legacy {@code [timestamp, body]}
 * records get {@code {}} as metadata. Timestamps: EventTime seconds × 10^9 + nanoseconds (unsigned, the
 * nanoseconds as they are, even above 999,999,999); integer seconds × 10^9; float seconds f as
 * trunc(f) × 10^9 + trunc((f - trunc(f)) × 10^9). Group start and end markers (seconds 0xFFFFFFFF and
 * 0xFFFFFFFE, or -1 and -2) are not records.
 * <ul>
 *   <li>{@code /api/v1/logs}: one line per chunk, {@code {"tag":"<tag>","records":[...]}}, plus
 *       {@code ,"otlp":{"resource":..,"scope":..}} or {@code ,"flb_group":{"metadata":..,"body":..}} when
 *       every record that belongs to a group shows the same group information.
 *   <li>{@code /logs}: one line per record, {@code "_tag":"<tag>"} inserted as the first metadata key
 *       (unless the metadata has a {@code _tag} of its own, which then wins); no group information.
 * </ul>
 * Metrics and traces: one line per cmetrics or ctraces context, every context of the chunk, the same in
 * both views.
 */
package vivo.render;
