package vivo.render.otlp;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import vivo.decode.Limits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The real chunks of tests/fixtures, and reading OTLP JSON back with protobuf's own parser. */
final class OtlpFixtures {

    private static final Pattern HEX_ID = Pattern.compile("\"(traceId|spanId|parentSpanId)\"\\s*:\\s*\"([0-9a-fA-F]*)\"");

    private OtlpFixtures() {
    }

    static Path dir() {
        String dir = System.getProperty("vivo.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException("system property vivo.fixtures.dir is not set (the pom's surefire configuration sets it)");
        }
        return Paths.get(dir);
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(String relative) {
        return read(dir().resolve(relative));
    }

    /** Every NNNN.msgpack under tests/fixtures whose first byte is an array, a map or anything (by {@code kind}). */
    static List<Path> chunks(java.util.function.IntPredicate firstByte) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir())) {
            files.filter(p -> p.getFileName().toString().matches("\\d{4}\\.msgpack")).sorted().forEach(p -> {
                byte[] b = read(p);
                if (b.length > 0 && firstByte.test(b[0] & 0xff)) {
                    found.add(p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** OTLP JSON's hex ids as protobuf JSON's base64, which JsonFormat reads. */
    static String base64Ids(String otlpJson) {
        Matcher m = HEX_ID.matcher(otlpJson);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String b64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2)));
            m.appendReplacement(out, Matcher.quoteReplacement("\"" + m.group(1) + "\":\"" + b64 + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Messages nested as deep as the renderers may write: an AnyValue of each of the Limits.MAX_DEPTH
     * levels of a value is at most three messages (AnyValue, ArrayValue or KeyValueList, KeyValue), under
     * a few of the envelope. Protobuf's own default, 100, would refuse a value nested 34 deep, which is
     * valid OTLP JSON all the same (a jazzer run found such a chunk).
     */
    static final int RECURSION_LIMIT = 3 * Limits.MAX_DEPTH + 16;

    /** JsonFormat's parser with that limit (usingRecursionLimit is package-private: reached by reflection). */
    private static final JsonFormat.Parser PARSER = deepParser();

    private static JsonFormat.Parser deepParser() {
        try {
            Method limit = JsonFormat.Parser.class.getDeclaredMethod("usingRecursionLimit", int.class);
            limit.setAccessible(true);
            return (JsonFormat.Parser) limit.invoke(JsonFormat.parser(), RECURSION_LIMIT);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("protobuf-java-util without JsonFormat.Parser.usingRecursionLimit", e);
        }
    }

    /**
     * Protobuf's parser recurses a few frames per message, and interpreted frames are large: a value nested
     * Limits.MAX_DEPTH deep overflowed the default stack now and then (one run in four), so the parse
     * runs on a thread with a stack of its own.
     */
    private static final long PARSER_STACK = 64L << 20;

    /** Parses OTLP JSON into {@code builder} (strictly: an unknown field fails), however deep the renderers nest. */
    static <B extends Message.Builder> B parse(byte[] otlpJson, B builder) {
        String json = base64Ids(new String(otlpJson, StandardCharsets.US_ASCII));
        Throwable[] failed = new Throwable[1];
        Thread parser = new Thread(null, () -> {
            try {
                PARSER.merge(json, builder);
            } catch (IOException | RuntimeException | Error e) {
                failed[0] = e;
            }
        }, "otlp-json-parser", PARSER_STACK);
        parser.start();
        try {
            parser.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        }
        if (failed[0] instanceof IOException e) {
            throw new UncheckedIOException(e);
        }
        if (failed[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failed[0] instanceof Error e) {
            throw e;
        }
        return builder;
    }

    static boolean ascii(byte[] json) {
        for (byte b : json) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
