package vivo.http;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Content negotiation of {@code Accept-Encoding} as RFC 9110 (12.4.2, 12.5.3) has it, for the two codings
 * the server can send: {@code gzip} and {@code identity}. Codings are case-insensitive; {@code *} stands
 * for any coding not named; {@code q=0} refuses one; a malformed or out-of-range q makes its element not
 * acceptable; the higher q wins, gzip when they are equal; identity is acceptable unless refused (by
 * {@code identity;q=0}, or {@code *;q=0} without identity named). No header: identity.
 */
final class Encodings {

    /** What to send. */
    enum Choice { IDENTITY, GZIP, NONE_ACCEPTABLE }

    /** A qvalue: 0 or 1 with up to three decimals (RFC 9110 12.4.2). */
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    private Encodings() {
    }

    /** @param header the Accept-Encoding header (null when absent); all of them joined by commas */
    static Choice choose(String header) {
        if (header == null) {
            return Choice.IDENTITY;
        }
        // -1: not named
        double gzip = -1;
        double identity = -1;
        double any = -1;
        for (String element : header.split(",")) {
            String[] parts = element.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                continue;
            }
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].strip();
                int eq = param.indexOf('=');
                if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("q")) {
                    String value = param.substring(eq + 1).strip();
                    q = QVALUE.matcher(value).matches() ? new BigDecimal(value).doubleValue() : 0;
                }
            }
            switch (coding) {
                case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
                case "identity" -> identity = Math.max(identity, q);
                case "*" -> any = Math.max(any, q);
                default -> {
                    // a coding this server does not send
                }
            }
        }
        double gzipQ = gzip >= 0 ? gzip : Math.max(any, 0);
        // identity is acceptable unless refused: by name, or by * when not named
        double identityQ = identity >= 0 ? identity : any == 0 ? 0 : 0.001;
        if (gzipQ <= 0 && identityQ <= 0) {
            return Choice.NONE_ACCEPTABLE;
        }
        return gzipQ > 0 && gzipQ >= identityQ ? Choice.GZIP : Choice.IDENTITY;
    }
}
