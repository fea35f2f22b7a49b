package vivo.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import vivo.render.ChunkRenderer;
import vivo.render.Payload;

/** A logs payload as the drain makes it: a msgpack chunk of records {@code {"msg":<text>}}, rendered. */
final class LogRecordsFor {

    private LogRecordsFor() {
    }

    static Payload chunk(String tag, String... messages) {
        byte[] chunk = msgpack(messages);
        return new ChunkRenderer().render(chunk, chunk.length, tag).payload();
    }

    /** The chunk itself. */
    static byte[] msgpack(String... messages) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            for (int i = 0; i < messages.length; i++) {
                p.packArrayHeader(2);
                p.packArrayHeader(2).packLong(1_700_000_000L + i).packMapHeader(0);
                p.packMapHeader(1).packString("msg").packString(messages[i]);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
