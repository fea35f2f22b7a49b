package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import vivo.decode.ChunkKind;

/**
 * Every real chunk in tests/fixtures against what the C vivo_exporter served for it: the /api/v1 line of
 * v4.2.8 (without its source_type and source_name, which a proxy plugin cannot know) and the classic
 * lines of v4.1.2. Where the C output is one of its known bugs, the chunk has our own expected output in
 * {@code resources/expected/}, each difference listed in {@code resources/expected/README.md}; the test
 * then also checks the C output really differs, so no expected file outlives its reason.
 */
class FixtureTest {

    private final ChunkRenderer renderer = new ChunkRenderer();

    @TestFactory
    Stream<DynamicTest> everyLogsChunkRendersAsTheCPluginsApiV1LineOrOurDocumentedFix() {
        return Fixtures.all().stream().filter(p -> p.type().equals("logs")).map(p -> DynamicTest.dynamicTest(
                p + " /api/v1 line", () -> {
                    String ours = Fixtures.written(render(p).payload(), View.API_V1);
                    String c = p.vivo42().replaceFirst("^\\{\"source_type\":\"[^\"]*\",\"source_name\":\"[^\"]*\",", "{");
                    assertOursOrDocumented(p, View.API_V1, c, ours);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyLogsChunkWithClassicOutputRendersAsTheCPluginsClassicLinesOrOurDocumentedFix() {
        return Fixtures.all().stream().filter(p -> p.classic() != null).map(p -> DynamicTest.dynamicTest(
                p + " classic lines", () -> {
                    String ours = Fixtures.written(render(p).payload(), View.CLASSIC);
                    assertOursOrDocumented(p, View.CLASSIC, p.classic(), ours);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyMetricsAndTracesChunkKeepsEveryContextAndTheFirstIsTheCPluginsLine() {
        return Fixtures.all().stream().filter(p -> !p.type().equals("logs")).map(p -> DynamicTest.dynamicTest(
                p + " contexts", () -> {
                    ChunkRenderer.Rendered r = render(p);
                    assertEquals(ChunkKind.valueOf(p.type().toUpperCase()), r.payload().kind());
                    String ours = Fixtures.written(r.payload(), View.API_V1);
                    assertEquals(ours, Fixtures.written(r.payload(), View.CLASSIC), "both views are the same lines");
                    List<String> lines = List.of(ours.split("\n", -1));
                    assertEquals(p.objects() + 1, lines.size(), "one line per context (MANIFEST msgpack_objects), each ending in \\n");
                    String expected = p.expected(View.API_V1);
                    if (expected == null) {
                        assertEquals(p.vivo42(), lines.get(0) + "\n");
                    } else {
                        assertNotEquals(p.vivo42(), lines.get(0) + "\n", "the C line is right after all: delete the expected file");
                        assertEquals(expected, ours);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureChunkRendersWithoutLossOrWarning() {
        return Fixtures.all().stream().map(p -> DynamicTest.dynamicTest(p + " nothing dropped", () -> {
            ChunkRenderer.Rendered r = render(p);
            assertNotNull(r.payload());
            if (p.toString().equals("logs-forward-legacy/0005")) {
                // the one fixture with a record whose body is a string (the C plugin stops there)
                assertEquals(1, r.dropped());
                assertEquals("logs chunk (tag fwd.edge): skipped 1 invalid record, the first at byte 166: "
                        + "the body is a string, not a map", r.problem());
            } else {
                assertEquals(0, r.dropped(), r.problem());
                assertEquals(null, r.problem());
            }
        }));
    }

    @Test
    void theBigChunkIsTheCPluginsLineByteForByte() {
        Fixtures.Pair big = Fixtures.all().stream().filter(p -> p.scenario().equals("big-chunk")).findFirst().orElseThrow();
        ChunkRenderer.Rendered r = render(big);
        assertEquals(big.objects(), ((LogRecords) r.payload()).count());
        String c = big.vivo42().replaceFirst("^\\{\"source_type\":\"tail\",\"source_name\":\"tail.0\",", "{");
        assertEquals(c, Fixtures.written(r.payload(), View.API_V1));
    }

    private ChunkRenderer.Rendered render(Fixtures.Pair p) {
        byte[] chunk = p.chunk();
        // a reused, larger array: the renderer must only read chunk[0, length)
        byte[] reused = new byte[chunk.length + 64];
        java.util.Arrays.fill(reused, (byte) 0xc1);
        System.arraycopy(chunk, 0, reused, 0, chunk.length);
        return renderer.render(reused, chunk.length, p.tag());
    }

    private static void assertOursOrDocumented(Fixtures.Pair p, View view, String c, String ours) {
        String expected = p.expected(view);
        if (expected == null) {
            assertEquals(c, ours);
        } else {
            assertNotEquals(c, ours, "the C output is right after all: delete the expected file");
            assertEquals(expected, ours);
        }
        assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(ours), "every byte we write is ASCII");
    }
}
