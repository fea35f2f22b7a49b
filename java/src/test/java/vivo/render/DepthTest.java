package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import vivo.render.otlp.OtlpJson;
import vivo.render.otlp.OtlpLogs;

/**
 * The renderer recurses once per level of nesting, up to 1000 levels. Interpreted, that takes between
 * 256 and 512 KiB of stack; the drain thread's default of 1 MiB is enough, and this guards 512 KiB, for
 * the classic rendering and the OTLP JSON of /api/v2 alike.
 */
class DepthTest {

    /** {@code [1 s, {"k":[{"k":[ ... {}]}]}]}: a body whose innermost map is at level 1000. */
    private static byte[] deepestChunk() {
        Mp mp = new Mp().raw(0x92, 0x01); // [1 s,
        for (int level = 1; level < 1000; level++) {
            if (level % 2 == 1) {
                mp.raw(0x81, 0xa1, 'k'); // {"k":
            } else {
                mp.raw(0x91); // [
            }
        }
        return mp.raw(0x80).bytes(); // innermost {}
    }

    private static <T> T onHalfAMebibyteOfStack(java.util.function.Supplier<T> task) throws InterruptedException {
        AtomicReference<T> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> result.set(task.get()), "deep", 512 * 1024);
        t.start();
        t.join();
        return result.get();
    }

    @Test
    void aBodyAtTheDepthLimitRendersOnAThreadWithHalfAMebibyteOfStack() throws InterruptedException {
        byte[] chunk = deepestChunk();
        ChunkRenderer.Rendered rendered = onHalfAMebibyteOfStack(() -> new ChunkRenderer().render(chunk, chunk.length, "t"));
        assertEquals(0, rendered.dropped(), rendered.problem());
    }

    @Test
    void andAsOtlpJsonToo() throws InterruptedException {
        byte[] chunk = deepestChunk();
        byte[] json = onHalfAMebibyteOfStack(() -> new OtlpLogs(new OtlpJson()).render(chunk, chunk.length));
        assertNotNull(json, "the record was dropped");
    }
}
