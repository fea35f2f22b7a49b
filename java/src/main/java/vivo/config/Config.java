package vivo.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The validated configuration of one {@code [OUTPUT]} instance, built all at once: either every
 * property is usable, or {@link #read} reports each one that is not.
 *
 * @param name              the instance's name in log lines and thread names, e.g. {@code vivo_java.0}
 * @param corsAllowOrigin   null when CORS is off
 * @param httpIdleTimeoutMillis 0 when connections may stay idle for ever
 * @param httpAuthToken     the bearer token requests must carry; null when there is none
 * @param httpTls           the listener's TLS identity; null when it speaks plain HTTP
 */
public record Config(
        String name,
        String httpListen,
        int httpPort,
        long streamQueueSize,
        long streamPageSize,
        boolean emptyStreamOnRead,
        boolean compress,
        String corsAllowOrigin,
        int httpMaxConnections,
        int httpMaxFollowers,
        int httpIdleTimeoutMillis,
        long httpInflightSize,
        String httpAuthToken,
        SSLContext httpTls,
        long chunkQueueSize) {

    /** Everything but the token, which must never reach a log. */
    @Override
    public String toString() {
        return "Config[" + name + " " + listener() + (httpAuthToken == null ? "" : ", with a token")
                + (httpTls == null ? "" : ", TLS") + "]";
    }

    /** The listener identity: an instance that keeps it across a hot reload keeps its streams. */
    public String listener() {
        return httpListen + ":" + httpPort;
    }

    /**
     * Reads every property through {@code lookup} (Fluent Bit's property lookup: null when unset or
     * empty) and validates it.
     */
    public static Config read(String name, Function<String, String> lookup) throws ConfigException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Property> mistake : Property.MISTAKES.entrySet()) {
            if (lookup.apply(mistake.getKey()) != null) {
                problems.add(mistake.getKey() + ": unknown property; did you mean " + mistake.getValue().key + "?");
            }
        }
        Values values = new Values(lookup, problems);
        long streamQueueSize = values.size(Property.STREAM_QUEUE_SIZE);
        Config config = new Config(
                name,
                values.raw(Property.HTTP_LISTEN),
                values.port(Property.HTTP_PORT),
                streamQueueSize,
                values.pageSize(streamQueueSize),
                values.bool(Property.EMPTY_STREAM_ON_READ),
                values.bool(Property.COMPRESS),
                values.optionalText(Property.HTTP_CORS_ALLOW_ORIGIN),
                values.count(Property.HTTP_MAX_CONNECTIONS),
                values.count(Property.HTTP_MAX_FOLLOWERS),
                values.millis(Property.HTTP_IDLE_TIMEOUT),
                values.given(Property.HTTP_INFLIGHT_SIZE) ? values.size(Property.HTTP_INFLIGHT_SIZE) : streamQueueSize,
                values.token(),
                values.tls(),
                values.size(Property.CHUNK_QUEUE_SIZE));
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new ConfigException(String.join("\n", problems));
        }
        return config;
    }

    /** Parses each property, collecting problems instead of stopping at the first. */
    private record Values(Function<String, String> lookup, List<String> problems) {

        private static final Pattern TIME = Pattern.compile("(\\d+)\\s*([sSmMhHdD]?)");
        private static final long MAX_MILLIS = 86_400_000L;
        private static final long MIN_PAGE = 1000;
        private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{16,}=*");

        boolean given(Property p) {
            String v = lookup.apply(p.key);
            return v != null && !v.isBlank();
        }

        /** The value given, trimmed, or the property's default when none is. */
        String raw(Property p) {
            String v = lookup.apply(p.key);
            return v == null || v.isBlank() ? p.defaultValue : v.trim();
        }

        String optionalText(Property p) {
            String v = raw(p);
            return v.isEmpty() ? null : v;
        }

        int port(Property p) {
            String v = raw(p);
            try {
                int port = Integer.parseInt(v);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(p.key + ": expecting a TCP port from 0 to 65535; found '" + v + "'");
            return 0;
        }

        /** A whole number from 1 to 65535 (a connection count: more could not be open on one port anyway). */
        int count(Property p) {
            String v = raw(p);
            try {
                int n = Integer.parseInt(v);
                if (n >= 1 && n <= 65535) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(p.key + ": expecting a whole number from 1 to 65535; found '" + v + "'");
            return 1;
        }

        /**
         * A time as Fluent Bit writes one: whole seconds, or a whole number followed by s, m, h or d (any
         * case); 0 is "never".
         */
        int millis(Property p) {
            String v = raw(p);
            Matcher m = TIME.matcher(v);
            if (m.matches()) {
                long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "m" -> 60_000L;
                    case "h" -> 3_600_000L;
                    case "d" -> 86_400_000L;
                    default -> 1_000L;
                };
                long millis = Long.parseLong(m.group(1)) * unit;
                if (m.group(1).length() <= 9 && millis <= MAX_MILLIS) {
                    return (int) millis;
                }
            }
            problems.add(p.key + ": expecting a time such as 10s, 5m or 0 (never), at most 24h; found '" + v + "'");
            return 0;
        }

        /**
         * The token of http_auth_token or the first line of http_auth_token_file, checked to be a token
         * of RFC 6750 (letters, digits, - . _ ~ + /, then = at the end), so that no whitespace or
         * invisible character that a client could never send is taken for part of it.
         */
        String token() {
            String token = optionalText(Property.HTTP_AUTH_TOKEN);
            String file = optionalText(Property.HTTP_AUTH_TOKEN_FILE);
            Property from = Property.HTTP_AUTH_TOKEN;
            if (file != null) {
                if (token != null) {
                    problems.add(Property.HTTP_AUTH_TOKEN_FILE.key + ": set it or " + Property.HTTP_AUTH_TOKEN.key + ", not both");
                    return null;
                }
                from = Property.HTTP_AUTH_TOKEN_FILE;
                try {
                    List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
                    token = lines.isEmpty() ? "" : lines.get(0).strip();
                } catch (IOException | RuntimeException e) {
                    problems.add(from.key + ": cannot read '" + file + "': " + e);
                    return null;
                }
            }
            if (token != null && !TOKEN.matcher(token).matches()) {
                problems.add(from.key + ": expecting at least 16 characters, each a letter, a digit or one of - . _ ~ + / "
                        + "(and = at the end only); found " + token.length() + " characters that are not such a token"
                        + (file != null ? " on the first line of '" + file + "'" : ""));
                return null;
            }
            return token;
        }

        /** The TLS identity when http_tls is on; the files given when it is off are a mistake. */
        SSLContext tls() {
            boolean on = bool(Property.HTTP_TLS);
            String crt = optionalText(Property.HTTP_TLS_CRT_FILE);
            String key = optionalText(Property.HTTP_TLS_KEY_FILE);
            if (!on) {
                for (Property p : new Property[] {Property.HTTP_TLS_CRT_FILE, Property.HTTP_TLS_KEY_FILE}) {
                    if (given(p)) {
                        problems.add(p.key + ": given, but http_tls is off; set http_tls on to serve HTTPS");
                    }
                }
                return null;
            }
            if (crt == null || key == null) {
                problems.add(Property.HTTP_TLS.key + ": on needs " + Property.HTTP_TLS_CRT_FILE.key + " and "
                        + Property.HTTP_TLS_KEY_FILE.key);
                return null;
            }
            try {
                return PemFiles.sslContext(crt, key);
            } catch (ConfigException e) {
                problems.add(e.getMessage());
                return null;
            }
        }

        /** {@code stream_page_size}, at least {@value #MIN_PAGE} (a page's framing alone takes a few hundred bytes). */
        long pageSize(long streamQueueSize) {
            if (!given(Property.STREAM_PAGE_SIZE)) {
                return Math.max(streamQueueSize, MIN_PAGE);
            }
            long size = size(Property.STREAM_PAGE_SIZE);
            if (size < MIN_PAGE) {
                problems.add(Property.STREAM_PAGE_SIZE.key + ": expecting at least 1000 bytes (1K); found '" + raw(Property.STREAM_PAGE_SIZE) + "'");
                return MIN_PAGE;
            }
            return size;
        }

        long size(Property p) {
            try {
                return Sizes.parse(p.key, raw(p));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
                return 0;
            }
        }

        boolean bool(Property p) {
            String v = raw(p);
            switch (v.toLowerCase(Locale.ROOT)) {
                case "on", "true", "yes":
                    return true;
                case "off", "false", "no":
                    return false;
                default:
                    problems.add(p.key + ": expecting on or off; found '" + v + "'");
                    return false;
            }
        }
    }
}
