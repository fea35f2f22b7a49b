package vivo.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import vivo.decode.ChunkKind;
import vivo.render.Lines;
import vivo.render.Payload;

/** Small payloads for stream tests. */
final class Payloads {

    private Payloads() {
    }

    /** A logs payload of exactly {@code size} bytes: a line of x then a newline. */
    static Payload sized(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        if (size > 0) {
            bytes[size - 1] = '\n';
        }
        return new Lines(ChunkKind.LOGS, bytes);
    }

    static Payload line(String text) {
        return new Lines(ChunkKind.LOGS, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static List<Long> ids(List<Entry> entries) {
        return entries.stream().map(Entry::id).toList();
    }

    static List<Integer> sizes(List<Entry> entries) {
        return entries.stream().map(e -> e.payload().size()).toList();
    }
}
