package vivo.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The renderer recurses once per level of nesting, up to 1000 levels. Interpreted, that takes between
 * 256 and 512 KiB of stack; the drain thread's default of 1 MiB is enough, and this guards 512 KiB.
 */
class DepthTest {

    @Test
    void aBodyAtTheDepthLimitRendersOnAThreadWithHalfAMebibyteOfStack() throws InterruptedException {
        Mp mp = new Mp().raw(0x92, 0x01); // [1 s,
        for (int level = 1; level < 1000; level++) {
            if (level % 2 == 1) {
                mp.raw(0x81, 0xa1, 'k'); // {"k":
            } else {
                mp.raw(0x91); // [
            }
        }
        byte[] chunk = mp.raw(0x80).bytes(); // innermost {}
        AtomicReference<ChunkRenderer.Rendered> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> result.set(new ChunkRenderer().render(chunk, chunk.length, "t")), "deep", 512 * 1024);
        t.start();
        t.join();
        assertEquals(0, result.get().dropped(), result.get().problem());
    }
}
