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
 * key replaces gets its length complemented (negative), and the map is compacted in place at its end
 * (rare). A small map compares each new key with its earlier ones; once a map has more than
 * {@link Limits#LINEAR_KEY_SCAN} keys it looks them up in an open-addressing hash table, one per nesting
 * level, reused from map to map, so a big map costs O(n) and allocates nothing in the steady state.
 */
final class MapKeys {

    private static final int MIN_TABLE = 4 * Limits.LINEAR_KEY_SCAN;
    /** A table grown past this by one huge map is dropped when that map ends. */
    private static final int MAX_KEPT_TABLE = 1 << 14;

    private int[] start = new int[64];
    private int[] length = new int[64];
    private int[] hash = new int[64];
    private int size;
    /** Per nesting level, the hash table of the map open at that level once it is big: key index + 1, 0 = free. */
    private final int[][] tables = new int[Limits.MAX_DEPTH + 2][];

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** Forgets the keys of the map that started at {@code base}, at nesting level {@code depth}. */
    void pop(int base, int depth) {
        if (size - base > Limits.LINEAR_KEY_SCAN && tables[depth].length > MAX_KEPT_TABLE) {
            tables[depth] = null;
        }
        size = base;
    }

    /**
     * Records the key just written at {@code out[from, to)} as the next key of the map at nesting level
     * {@code depth} whose keys start at {@code base}, and marks an earlier equal key of that map replaced.
     *
     * @return true if an earlier key was replaced
     */
    boolean add(byte[] out, int from, int to, int base, int depth) {
        int len = to - from;
        int count = size - base;
        if (count < Limits.LINEAR_KEY_SCAN) {
            boolean replaced = false;
            for (int i = base; i < size; i++) {
                if (length[i] == len && Arrays.equals(out, start[i], start[i] + len, out, from, to)) {
                    length[i] = ~len; // at most one earlier live equal key: it replaced any before it
                    replaced = true;
                    break;
                }
            }
            push(from, len, 0);
            return replaced;
        }
        int[] table = tables[depth];
        if (count == Limits.LINEAR_KEY_SCAN) {
            table = index(out, base, depth, MIN_TABLE);
        }
        int h = hash(out, from, len);
        int index = size;
        push(from, len, h);
        int mask = table.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            int k = table[slot] - 1;
            if (k < 0) {
                table[slot] = index + 1;
                if ((count + 1) * 2 > table.length) {
                    index(out, base, depth, table.length * 2);
                }
                return false;
            }
            if (hash[k] == h && length[k] == len && Arrays.equals(out, start[k], start[k] + len, out, from, to)) {
                length[k] = ~len;
                table[slot] = index + 1; // the slot now names the live key
                return true;
            }
        }
    }

    /** Puts the live keys of the map that starts at {@code base} into a cleared table of at least {@code capacity}. */
    private int[] index(byte[] out, int base, int depth, int capacity) {
        int[] table = tables[depth];
        if (table == null || table.length < capacity) {
            table = new int[Math.max(capacity, table == null ? 0 : table.length * 2)];
            tables[depth] = table;
        } else {
            Arrays.fill(table, 0);
        }
        int mask = table.length - 1;
        for (int i = base; i < size; i++) {
            if (length[i] < 0) {
                continue;
            }
            hash[i] = hash(out, start[i], length[i]);
            int slot = hash[i] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return table;
    }

    private void push(int from, int len, int h) {
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            length = Arrays.copyOf(length, size * 2);
            hash = Arrays.copyOf(hash, size * 2);
        }
        start[size] = from;
        length[size] = len;
        hash[size] = h;
        size++;
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
        return h ^ (h >>> 16);
    }
}
