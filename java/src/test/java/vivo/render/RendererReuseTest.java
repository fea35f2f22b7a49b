package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The drain thread renders every chunk with one {@link ChunkRenderer}, which keeps its buffers from chunk
 * to chunk: the JSON and OTLP output buffers, and the key fingerprints, sets and hash tables with which
 * repeated keys are found. None of that may change what a chunk renders to. Thousands of chunks of every
 * kind (fixtures, the fuzz corpus, seeded random chunks with big maps, repeated keys and deep nesting,
 * chunks cut short in the middle of a map) go through one renderer in a shuffled order, each inside a
 * larger array of random bytes as the drain thread's reused array is, and each must come out, in every
 * view and in what was dropped, exactly as a new renderer makes it from a clean copy.
 */
class RendererReuseTest {

    private static final Path CORPUS = Path.of("java/src/test/resources/vivo/render");

    @Test
    void aReusedRendererRendersEveryChunkAsANewOneDoes() throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        for (Fixtures.Pair p : Fixtures.all()) {
            chunks.add(p.chunk());
        }
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path p : files.filter(p -> p.toString().contains("FuzzTestInputs") && Files.isRegularFile(p)).sorted().toList()) {
                chunks.add(Files.readAllBytes(p));
            }
        }
        List<byte[]> fixtures = new ArrayList<>(chunks);
        for (long seed = 1; seed <= 1500; seed++) {
            RandomChunks random = new RandomChunks(seed);
            chunks.add(random.logs());
            chunks.add(random.contexts());
            chunks.add(random.damage(seed % 2 == 0 ? random.logs() : fixtures.get((int) (seed % fixtures.size()))));
        }
        Collections.shuffle(chunks, new Random(3));

        ChunkRenderer reused = new ChunkRenderer();
        Random dirt = new Random(4);
        for (int i = 0; i < chunks.size(); i++) {
            byte[] chunk = chunks.get(i);
            byte[] dirty = new byte[chunk.length + 1 + dirt.nextInt(64)];
            dirt.nextBytes(dirty);
            System.arraycopy(chunk, 0, dirty, 0, chunk.length);
            String tag = "reuse." + i;
            ChunkRenderer.Rendered again = reused.render(dirty, chunk.length, tag);
            ChunkRenderer.Rendered fresh = new ChunkRenderer().render(chunk.clone(), chunk.length, tag);
            try {
                sameRendering(fresh, again);
            } catch (AssertionError e) {
                fail("chunk " + i + " of the sequence, " + (chunk.length <= 4096 ? HexFormat.of().formatHex(chunk)
                        : chunk.length + " bytes") + ": " + e.getMessage(), e);
            }
        }
    }

    private static void sameRendering(ChunkRenderer.Rendered expected, ChunkRenderer.Rendered actual) {
        assertEquals(expected.dropped(), actual.dropped(), "dropped");
        assertEquals(expected.problem(), actual.problem(), "problem");
        if (expected.payload() == null) {
            assertNull(actual.payload(), "payload");
            return;
        }
        assertEquals(expected.payload().kind(), actual.payload().kind(), "kind");
        assertEquals(expected.payload().records(), actual.payload().records(), "records");
        assertEquals(expected.payload().size(), actual.payload().size(), "size");
        for (View view : View.values()) {
            assertEquals(Fixtures.written(expected.payload(), view), Fixtures.written(actual.payload(), view), view + " view");
        }
    }
}
