package vivo.bridge;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a bridge copies each flushed chunk: one per drain thread, reused, growing to the largest chunk
 * seen. The shim's copy is freed as soon as it is copied here, so no native memory outlives the call.
 */
public final class ChunkBuffer {

    private byte[] data = new byte[64 * 1024];
    private int length;
    private byte[] tagBytes = new byte[0];
    private String tag = "";

    /** Room for {@code size} bytes; the array to copy into. */
    public byte[] reserve(int size) {
        if (data.length < size) {
            data = new byte[Math.max(size, data.length * 2)];
        }
        length = size;
        return data;
    }

    /** Tags repeat chunk after chunk: the String is made again only when the bytes change. */
    public void setTag(byte[] bytes, int len) {
        if (len != tagBytes.length || !Arrays.equals(tagBytes, 0, len, bytes, 0, len)) {
            tagBytes = Arrays.copyOf(bytes, len);
            tag = new String(tagBytes, StandardCharsets.UTF_8);
        }
    }

    public byte[] data() {
        return data;
    }

    public int length() {
        return length;
    }

    public String tag() {
        return tag;
    }
}
