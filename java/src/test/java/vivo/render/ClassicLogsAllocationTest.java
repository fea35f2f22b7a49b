package vivo.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Writing the classic view allocates nothing per entry that grows with the staging buffer (issue 11, serving). */
class ClassicLogsAllocationTest {

    @Test
    void writingManySmallEntriesAllocatesNoBufferPerEntry() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] chunk;
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(2);
            p.packArrayHeader(2).packLong(1_700_000_000L).packMapHeader(0);
            p.packMapHeader(1).packString("msg").packString("a small record");
            chunk = p.toByteArray();
        }
        Payload entry = new ChunkRenderer().render(chunk, chunk.length, "t").payload();
        entry.write(View.CLASSIC, OutputStream.nullOutputStream());   // the thread's staging buffer, once
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 2_000; i++) {
            entry.write(View.CLASSIC, OutputStream.nullOutputStream());
        }
        long perEntry = (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / 2_000;
        // a 16 KiB buffer per entry was the rule before; what is left is the small staging object
        assertTrue(perEntry < 256, perEntry + " bytes allocated per entry written");
    }
}
