package vivo.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.HexFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Coverage-guided fuzzing of the decoder: over any bytes, {@link Msgpack#skip} steps over each top-level
 * value exactly where msgpack-core does ({@link CoreSkip}), and fails (with {@link Malformed}, never
 * anything else) exactly where msgpack-core does; {@link LogReader#head} on each value throws nothing but
 * Malformed and stays inside the chunk. Seeded with the fixtures in MsgpackFuzzTestInputs, where the
 * interesting inputs found are kept too; replayed without JAZZER_FUZZ, fuzzed with it.
 */
class MsgpackFuzzTest {

    private final LogReader reader = new LogReader();

    @FuzzTest
    void valuesSkipAsMsgpackCoreDoes(byte[] in) throws IOException {
        String context = "chunk " + HexFormat.of().formatHex(in, 0, Math.min(in.length, 4096));
        reader.reset(in, in.length);
        try (MessageUnpacker core = MessagePack.newDefaultUnpacker(in)) {
            int p = 0;
            while (p < in.length) {
                readHead(p, in.length, context);
                Malformed ours = null;
                int next = -1;
                try {
                    next = Msgpack.skip(in, p, in.length);
                } catch (Malformed e) {
                    ours = e;
                }
                boolean coreSkipped = skipped(core);
                assertEquals(coreSkipped, ours == null, "value at " + p + ": ours " + ours + "; " + context);
                if (ours != null) {
                    assertTrue(ours.at() >= p && ours.at() <= in.length, ours + " outside the value at " + p + "; " + context);
                    return;
                }
                assertEquals(core.getTotalReadBytes(), next, "end of the value at " + p + "; " + context);
                p = next;
            }
        }
    }

    private static boolean skipped(MessageUnpacker core) throws IOException {
        try {
            CoreSkip.skip(core, 1);
            return true;
        } catch (MessagePackException e) {
            return false;
        }
    }

    /** The record envelope reader on the value at {@code p}: Malformed or a position inside the chunk. */
    private void readHead(int p, int end, String context) {
        reader.pos(p);
        try {
            int kind = reader.head();
            assertTrue(kind >= LogReader.RECORD && kind <= LogReader.INVALID, "kind " + kind + "; " + context);
            assertTrue(reader.pos() >= p && reader.pos() <= end, "head() left the chunk at " + reader.pos() + "; " + context);
        } catch (Malformed e) {
            assertTrue(e.at() >= p && e.at() <= end, e + " outside the chunk; " + context);
        }
    }
}
