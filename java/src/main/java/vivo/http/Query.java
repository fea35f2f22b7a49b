package vivo.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vivo.stream.Range;

/**
 * Parses the query of a stream request into the {@link Range} it selects: {@code from} and {@code to}
 * (inclusive ids) and {@code limit} (most entries), each a decimal integer that fits in a long,
 * {@code limit} at least 1, {@code from} at most {@code to}; and into what else it asks ({@link Request}:
 * {@code wait}, {@code tag}, {@code grep}, {@code rate}). Parameters are split on {@code &} and
 * percent-decoded; names match exactly ({@code xfrom} and {@code FROM} are not {@code from}), and any
 * other name is an error. A value that is empty, signed, not an integer, too large, or given twice is an
 * error that names the parameter.
 */
final class Query {

    /** A query that cannot be served; the message names the parameter, the value found and what was expected. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final int SHOWN = 40;

    private Query() {
    }

    /**
     * What a stream request asks besides its range.
     *
     * @param waitSeconds how long to hold a request that selects nothing yet, for a chunk to come (0 to 60)
     * @param tags        Fluent Bit Match patterns ({@code *} for any run of characters), any of which a
     *                    chunk's tag must match; empty for every tag
     * @param grep        text a log record's JSON must contain; null for every record
     * @param rate        records per second a follower is sent at most; 0 for no cap
     */
    record Request(Range range, boolean fromGiven, int waitSeconds, List<String> tags, String grep, long rate) {
    }

    static final int MAX_WAIT_SECONDS = 60;
    /** Every parameter a stream path takes; any other is an error, so that a typo is not a different result. */
    static final List<String> KNOWN = List.of("from", "to", "limit", "wait", "tag", "grep", "rate");

    /** Parses the raw query string (what follows {@code ?}, not decoded); null or empty selects everything. */
    static Range parse(String raw) throws Invalid {
        return request(raw).range();
    }

    /** As {@link #parse}, with {@code wait}, {@code tag}, {@code grep} and {@code rate}. */
    static Request request(String raw) throws Invalid {
        Map<String, List<String>> values = new HashMap<>();
        if (raw != null) {
            for (String part : raw.split("&")) {
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = decode(eq < 0 ? part : part.substring(0, eq));
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(decode(eq < 0 ? "" : part.substring(eq + 1)));
            }
        }
        for (String name : values.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new Invalid(shown(name) + ": unknown parameter; expecting " + String.join(", ", KNOWN));
            }
        }
        long from = number("from", values.get("from"), 0, 0);
        long to = number("to", values.get("to"), 0, Long.MAX_VALUE);
        if (from > to) {
            throw new Invalid("from: expecting at most to (" + to + "); found '" + from + "'");
        }
        long limit = number("limit", values.get("limit"), 1, Long.MAX_VALUE);
        long wait = number("wait", values.get("wait"), 0, 0);
        long rate = number("rate", values.get("rate"), 1, 0);
        if (wait > MAX_WAIT_SECONDS) {
            throw new Invalid("wait: expecting seconds from 0 to " + MAX_WAIT_SECONDS + "; found '" + wait + "'");
        }
        String tag = text("tag", values.get("tag"));
        List<String> tags = new ArrayList<>();
        if (tag != null) {
            for (String pattern : tag.split(",", -1)) {
                if (pattern.isEmpty()) {
                    throw new Invalid("tag: expecting Match patterns separated by commas, none empty; found '" + shown(tag) + "'");
                }
                tags.add(pattern);
            }
        }
        return new Request(new Range(from, to, limit), values.containsKey("from"), (int) wait, List.copyOf(tags),
                text("grep", values.get("grep")), rate);
    }

    /** The one non-empty value given for {@code name}; null when not given. */
    private static String text(String name, List<String> given) throws Invalid {
        if (given == null) {
            return null;
        }
        if (given.size() > 1) {
            throw new Invalid(name + ": expecting one value; found " + given.size());
        }
        if (given.get(0).isEmpty()) {
            throw new Invalid(name + ": expecting some text; found ''");
        }
        return given.get(0);
    }

    /** The one value given for {@code name}, at least {@code min}; {@code absent} when not given. */
    private static long number(String name, List<String> given, long min, long absent) throws Invalid {
        if (given == null) {
            return absent;
        }
        if (given.size() > 1) {
            throw new Invalid(name + ": expecting one value; found " + given.size());
        }
        String value = given.get(0);
        String expecting = min == 0 ? "a non-negative integer" : "a positive integer";
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new Invalid(name + ": expecting " + expecting + "; found '" + shown(value) + "'");
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new Invalid(name + ": expecting " + expecting + " up to " + Long.MAX_VALUE + "; found '" + shown(value) + "'");
        }
        if (number < min) {
            throw new Invalid(name + ": expecting " + expecting + "; found '" + shown(value) + "'");
        }
        return number;
    }

    /** Percent-decodes as a form does ({@code +} is a space); a malformed escape is kept as it came. */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static String shown(String value) {
        return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "...";
    }
}
