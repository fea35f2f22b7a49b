package vivo.render;

import java.util.Arrays;
import vivo.decode.Limits;

/**
 * The keys written so far for every map being rendered, innermost map last, to drop repeated keys the
 * way Fluent Bit does: only the last occurrence of a key is written, at its own position
 * ({@code {"dup":1,"x":"y","dup":2}} becomes {@code {"x":"y","dup":2}}). Keys are compared as rendered
 * JSON, so the integer key 1 and the string key "1" are the same key.
 *
 * <p>A map's keys sit from its {@code base} index to the top; a nested map pushes above and pops before
 * the outer map's next key. Each key is kept as its output offset and length; a key that a later equal
 * key replaces gets its length complemented (negative), and the map is compacted in place at its end,
 * which is rare, so the common map costs only a few int compares per key.
 */
final class MapKeys {

    private int[] start = new int[64];
    private int[] length = new int[64];
    private int size;

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Forgets the keys of the map that started at {@code base}. */
    void pop(int base) {
        size = base;
    }

    /**
     * Records the key just written at {@code out[from, to)} as the next key of the map whose keys start at
     * {@code base}. While the map is small, an earlier equal key is looked for and marked replaced.
     *
     * @return true if an earlier key was replaced
     */
    boolean add(byte[] out, int from, int to, int base) {
        int len = to - from;
        boolean replaced = false;
        if (size - base < Limits.LINEAR_KEY_SCAN) {
            for (int i = base; i < size; i++) {
                if (length[i] == len && Arrays.equals(out, start[i], start[i] + len, out, from, to)) {
                    length[i] = ~len; // at most one earlier live equal key: it replaced any before it
                    replaced = true;
                    break;
                }
            }
        }
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            length = Arrays.copyOf(length, size * 2);
        }
        start[size] = from;
        length[size] = len;
        size++;
        return replaced;
    }

    /**
     * Called after the map's last value: finds the replaced keys of a map too big for the linear scan,
     * by sorting its keys on a hash.
     *
     * @return true if any key of the map was replaced
     */
    boolean finish(byte[] out, int base, boolean replaced) {
        int n = size - base;
        if (n <= Limits.LINEAR_KEY_SCAN) {
            return replaced;
        }
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            int k = base + i;
            int len = length[k] < 0 ? ~length[k] : length[k];
            order[i] = (long) hash(out, start[k], len) << 32 | i;
        }
        Arrays.sort(order);
        for (int i = 0; i < n; ) {
            int j = i + 1;
            while (j < n && (order[j] >>> 32) == (order[i] >>> 32)) {
                j++;
            }
            // order[i, j): one hash, in key order; a key is replaced if an equal key follows it
            for (int a = i; a < j - 1; a++) {
                int ka = base + (int) order[a];
                if (length[ka] < 0) {
                    continue;
                }
                for (int b = a + 1; b < j; b++) {
                    int kb = base + (int) order[b];
                    int len = length[kb] < 0 ? ~length[kb] : length[kb];
                    if (len == length[ka] && Arrays.equals(out, start[ka], start[ka] + len, out, start[kb], start[kb] + len)) {
                        length[ka] = ~length[ka];
                        replaced = true;
                        break;
                    }
                }
            }
            i = j;
        }
        return replaced;
    }

    /**
     * Removes the entries whose key was replaced from the map's output. Entry i runs from its key to
     * the comma before entry i + 1, the last one to {@code close}, where the {@code '}'} goes.
     *
     * @param open the offset just after the map's {@code '{'}
     * @return the new offset of the {@code '}'}
     */
    int compact(byte[] out, int base, int open, int close) {
        int w = open;
        for (int i = base; i < size; i++) {
            if (length[i] < 0) {
                continue;
            }
            int from = start[i];
            int to = i + 1 < size ? start[i + 1] - 1 : close;
            if (w > open) {
                out[w++] = ',';
            }
            System.arraycopy(out, from, out, w, to - from);
            w += to - from;
        }
        return w;
    }

    /** Whether a key of the map that was not replaced equals {@code key}, as rendered; before {@link #compact}. */
    boolean contains(byte[] out, int base, byte[] key) {
        for (int i = base; i < size; i++) {
            if (length[i] == key.length && Arrays.equals(out, start[i], start[i] + key.length, key, 0, key.length)) {
                return true;
            }
        }
        return false;
    }

    private static int hash(byte[] out, int from, int len) {
        int h = len;
        for (int i = from; i < from + len; i++) {
            h = 31 * h + out[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }
}
