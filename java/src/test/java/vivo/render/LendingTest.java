package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drain's renderer lends its payloads the chunk array and its own buffer, both written again by the
 * next chunk: what is stored, in native memory or (when that is refused) on the heap, must keep the
 * bytes of its own chunk in every view.
 */
class LendingTest {

    private static final List<String> SCENARIOS = List.of("big-chunk", "metrics-fluentbit", "logs-dummy", "traces-otlp");

    private static Fixtures.Pair fixture(String scenario) {
        return Fixtures.all().stream().filter(p -> p.scenario().equals(scenario)).findFirst().orElseThrow();
    }

    private static String[] views(Payload payload) {
        return Arrays.stream(View.values()).map(v -> Fixtures.written(payload, v)).toArray(String[]::new);
    }

    @Test
    void aStoredPayloadKeepsItsChunkAfterTheRendererAndTheArrayAreReused() {
        lentPayloadsSurviveTheNextChunk(new Slabs());
    }

    @Test
    void onTheHeapWhenNativeMemoryIsRefusedAPayloadOwnsItsBytes() {
        lentPayloadsSurviveTheNextChunk(new Slabs(0));
    }

    private static void lentPayloadsSurviveTheNextChunk(Slabs slabs) {
        ChunkRenderer lending = ChunkRenderer.lending();
        byte[] array = new byte[4 << 20];   // one array for every chunk, as the drain's
        for (String first : SCENARIOS) {
            for (String second : SCENARIOS) {
                Fixtures.Pair a = fixture(first);
                Fixtures.Pair b = fixture(second);
                String[] expected = views(new ChunkRenderer().render(a.chunk(), a.chunk().length, a.tag()).payload());
                System.arraycopy(a.chunk(), 0, array, 0, a.chunk().length);
                Payload stored = lending.render(array, a.chunk().length, a.tag()).payload().offHeap(slabs);
                assertEquals(slabs.slabs() > 0, stored.block() != null, "in native memory unless refused");
                System.arraycopy(b.chunk(), 0, array, 0, b.chunk().length);
                Arrays.fill(array, b.chunk().length, array.length, (byte) 0xc1);
                assertNotNull(lending.render(array, b.chunk().length, b.tag()).payload(), second);
                assertEquals(Arrays.asList(expected), Arrays.asList(views(stored)), first + " stored, then " + second + " rendered");
                if (stored.block() != null) {
                    stored.block().release();
                }
            }
        }
    }
}
