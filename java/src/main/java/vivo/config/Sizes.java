package vivo.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written the way Fluent Bit writes them: a number, then optionally K, M or G (any case), then
 * optionally B. Multipliers are decimal, as in Fluent Bit: {@code 20M} is 20,000,000 bytes. Fluent Bit
 * turns an unparseable size such as {@code 20MiB} into "unlimited" without a word; here it is an error.
 */
public final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgG]?)[bB]?");

    private Sizes() {
    }

    public static long parse(String property, String text) throws ConfigException {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw ConfigException.expecting(property, "a size such as 20M or 512K", text);
        }
        double number = Double.parseDouble(m.group(1));
        long multiplier = switch (m.group(2).toUpperCase()) {
            case "K" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            default -> 1L;
        };
        double bytes = number * multiplier;
        if (bytes >= Long.MAX_VALUE) {
            throw ConfigException.expecting(property, "a size below 9E (exabytes)", text);
        }
        return (long) bytes;
    }
}
