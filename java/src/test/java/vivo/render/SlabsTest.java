package vivo.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlabsTest {

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] written(Bytes bytes, int from, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bytes.write(out, from, count);
        return out.toByteArray();
    }

    @Test
    void bytesSpanningSlabsReadBackExactlyEveryWay() throws IOException {
        Slabs slabs = new Slabs();
        byte[] small = random(1000, 1);
        byte[] big = random(2 * Slabs.SLAB + 12_345, 2);   // starts 1000 bytes into the first slab: four pieces
        Bytes shared = Bytes.shared(random(10, 5));
        Slabs.Stored stored = slabs.store(Bytes.of(small), Bytes.of(big), Bytes.of(new byte[0]), shared);
        Bytes a = stored.bytes()[0];
        Bytes b = stored.bytes()[1];
        assertSame(Bytes.EMPTY, stored.bytes()[2]);
        assertSame(shared, stored.bytes()[3], "shared bytes are not copied");
        assertEquals(0, shared.held());
        assertTrue(a.offHeap() && b.offHeap());
        assertArrayEquals(small, a.toArray());
        assertArrayEquals(big, b.toArray());
        for (int i : new int[] {0, 1, Slabs.SLAB - 1001, Slabs.SLAB - 1000, Slabs.SLAB, 2 * Slabs.SLAB - 1000, big.length - 1}) {
            assertEquals(big[i], b.get(i), "byte " + i);
        }
        int from = Slabs.SLAB - 1100;   // across the first boundary, and the second
        byte[] expected = java.util.Arrays.copyOfRange(big, from, from + Slabs.SLAB + 500);
        assertArrayEquals(expected, written(b, from, expected.length));
        byte[] into = new byte[expected.length + 2];
        b.get(from, into, 1, expected.length);
        assertArrayEquals(expected, java.util.Arrays.copyOfRange(into, 1, 1 + expected.length));
        assertThrows(IndexOutOfBoundsException.class, () -> b.get(big.length - 1, new byte[2], 0, 2));
        assertEquals(3, slabs.slabs());
    }

    @Test
    void aSlabEveryPayloadHasLeftIsReusedNotAllocatedAgain() {
        Slabs slabs = new Slabs();
        Slabs.Block[] held = new Slabs.Block[4];
        for (int i = 0; i < 1000; i++) {
            // 300 KB each, four held at a time: at most two megabytes held, in three or four slabs
            if (held[i % 4] != null) {
                held[i % 4].release();
            }
            held[i % 4] = slabs.store(Bytes.of(random(300_000, i))).block();
        }
        assertTrue(slabs.slabs() <= 4 + Slabs.POOLED, slabs.slabs() + " slabs for 300 MB stored");
    }

    @Test
    void aBlockIsReleasedOnceByEachHolderAndNeverRetainedOnceLetGo() {
        Slabs slabs = new Slabs();
        Slabs.Block block = slabs.store(Bytes.of(random(10, 3))).block();
        block.retain();
        assertEquals(2, block.holders());
        block.release();
        block.release();
        assertThrows(IllegalStateException.class, block::release);
        assertThrows(IllegalStateException.class, block::retain);
    }

    @Test
    void bytesOnTheHeapReadTheSameWay() throws IOException {
        byte[] data = random(100, 4);
        Bytes bytes = Bytes.of(data);
        assertTrue(!bytes.offHeap());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 10, 60), written(bytes, 10, 50));
        assertEquals(data[99], bytes.get(99));
        assertSame(Bytes.EMPTY, Bytes.of(new byte[0]));
    }
}
