package vivo.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real chunks in {@code tests/fixtures} (folder from the system property {@code vivo.fixtures.dir}),
 * with what the C plugin served for each, and our own expected output where the C output is a known bug
 * ({@code java/src/test/resources/expected/<scenario>/NNNN.<view>.json}).
 */
final class Fixtures {

    /** One captured flush. */
    record Pair(String scenario, String id, String type, String tag, int objects, Path dir) {

        byte[] chunk() {
            return read(dir.resolve(id + ".msgpack"));
        }

        String vivo42() {
            return text(dir.resolve(id + ".vivo42.json"));
        }

        /** The v4.1.2 classic lines, or null where none were captured. */
        String classic() {
            Path p = dir.resolve(id + ".classic.json");
            return Files.exists(p) ? text(p) : null;
        }

        /** Our expected output for a view where it differs from the C plugin's, or null. */
        String expected(View view) {
            Path p = expectedDir().resolve(scenario).resolve(id + "." + view.name().toLowerCase() + ".json");
            return Files.exists(p) ? text(p) : null;
        }

        @Override
        public String toString() {
            return scenario + "/" + id;
        }
    }

    private Fixtures() {
    }

    static Path dir() {
        String dir = System.getProperty("vivo.fixtures.dir");
        if (dir == null) {
            throw new IllegalStateException("system property vivo.fixtures.dir is not set (the pom's surefire configuration sets it)");
        }
        return Paths.get(dir);
    }

    static Path expectedDir() {
        return Paths.get(System.getProperty("user.dir"), "java", "src", "test", "resources", "expected");
    }

    /** Every pair in MANIFEST.json, in its order. */
    @SuppressWarnings("unchecked")
    static List<Pair> all() {
        Map<String, Object> manifest = (Map<String, Object>) parse(read(dir().resolve("MANIFEST.json")));
        List<Pair> pairs = new ArrayList<>();
        for (Map.Entry<String, Object> scenario : manifest.entrySet()) {
            for (Object o : (List<Object>) scenario.getValue()) {
                Map<String, Object> p = (Map<String, Object>) o;
                pairs.add(new Pair(scenario.getKey(), (String) p.get("id"), (String) p.get("type"), (String) p.get("tag"),
                        ((Number) p.get("msgpack_objects")).intValue(), dir().resolve(scenario.getKey())));
            }
        }
        return pairs;
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path p) {
        return new String(read(p), StandardCharsets.UTF_8);
    }

    /** A payload's bytes in one view, checking on the way that {@link Payload#length} tells the truth. */
    static String written(Payload payload, View view) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            payload.write(view, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.size() != payload.length(view)) {
            throw new AssertionError(view + " length() says " + payload.length(view) + " but write() wrote " + out.size());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** JSON to Maps, Lists, Strings, Numbers, Booleans and nulls: enough for MANIFEST.json. */
    static Object parse(byte[] json) {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            return value(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, value(p));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getNumberValue();
            case VALUE_TRUE:
                return true;
            case VALUE_FALSE:
                return false;
            default:
                return null;
        }
    }
}
