package vivo.render;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * (rare).
 *
 * <p>Each key gets a fingerprint (a hash of its first and last eight bytes and its length) and, for
 * comparing, its first eight bytes as a word: a key of up to eight bytes (most keys, quotes included) is
 * equal to another exactly when word and length are. A small map keeps a 64-bit set of its keys'
 * fingerprints, one per nesting level and cleared when the map opens: a new key whose bit is not set
 * cannot repeat an earlier one, so most keys are never compared with anything; only on a hit are the
 * earlier keys' fingerprints scanned. Once a map has more than {@link Limits#LINEAR_KEY_SCAN} keys it
 * looks them up in an open-addressing hash table instead, one per nesting level, reused from map to
 * map, so a big map costs O(n) and allocates nothing in the steady state.
 *
 * <p>Nothing here outlives the map it describes: {@link #open} clears the level's set, a table is
 * refilled from the map's own keys when the map first needs it, and {@link JsonWriter#begin} empties
 * the whole stack, including the keys of maps that a malformed record left open.
 */
final class MapKeys {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int MIN_TABLE = 4 * Limits.LINEAR_KEY_SCAN;
    /** A table grown past this by one huge map is dropped when that map ends. */
    private static final int MAX_KEPT_TABLE = 1 << 14;

    private int[] start = new int[64];
    private int[] length = new int[64];
    private int[] hash = new int[64];
    private long[] word = new long[64];
    private int size;
    /** Per nesting level, the fingerprint bits of the small map open at that level. */
    private final long[] seen = new long[Limits.MAX_DEPTH + 2];
    /** Per nesting level, the hash table of the map open at that level once it is big: key index + 1, 0 = free. */
    private final int[][] tables = new int[Limits.MAX_DEPTH + 2][];

    void clear() {
        size = 0;
    }

    /** Starts a map at nesting level {@code depth}; returns its {@code base}, for the calls below. */
    int open(int depth) {
        seen[depth] = 0;
        return size;
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
     * The caller leaves at least 8 bytes of the buffer after {@code to}, as every write of a value does.
     *
     * @return true if an earlier key was replaced
     */
    boolean add(byte[] out, int from, int to, int base, int depth) {
        int len = to - from;
        long w = (long) LONGS.get(out, from);
        if (len < 8) {
            w &= (1L << (len << 3)) - 1;
        }
        int h = fingerprint(w, len > 8 ? (long) LONGS.get(out, to - 8) : 0, len);
        int count = size - base;
        if (count < Limits.LINEAR_KEY_SCAN) {
            long bit = 1L << (h >>> 26);
            long bits = seen[depth];
            seen[depth] = bits | bit;
            boolean replaced = false;
            if ((bits & bit) != 0) {
                for (int i = base; i < size; i++) {
                    if (hash[i] == h && same(out, i, w, from, len)) {
                        length[i] = ~len; // at most one earlier live equal key: it replaced any before it
                        replaced = true;
                        break;
                    }
                }
            }
            push(from, len, h, w);
            return replaced;
        }
        int[] table = tables[depth];
        if (count == Limits.LINEAR_KEY_SCAN) {
            table = index(base, depth, MIN_TABLE);
        }
        int index = size;
        push(from, len, h, w);
        int mask = table.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            int k = table[slot] - 1;
            if (k < 0) {
                table[slot] = index + 1;
                if ((count + 1) * 2 > table.length) {
                    index(base, depth, table.length * 2);
                }
                return false;
            }
            if (hash[k] == h && same(out, k, w, from, len)) {
                length[k] = ~len;
                table[slot] = index + 1; // the slot now names the live key
                return true;
            }
        }
    }

    /** Whether live key {@code k} is the key at {@code out[from, from + len)}, whose first word is {@code w}. */
    private boolean same(byte[] out, int k, long w, int from, int len) {
        return length[k] == len && word[k] == w
                && (len <= 8 || Arrays.equals(out, start[k] + 8, start[k] + len, out, from + 8, from + len));
    }

    /** Puts the live keys of the map that starts at {@code base} into a cleared table of at least {@code capacity}. */
    private int[] index(int base, int depth, int capacity) {
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
            int slot = hash[i] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return table;
    }

    private void push(int from, int len, int h, long w) {
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            length = Arrays.copyOf(length, size * 2);
            hash = Arrays.copyOf(hash, size * 2);
            word = Arrays.copyOf(word, size * 2);
        }
        start[size] = from;
        length[size] = len;
        hash[size] = h;
        word[size] = w;
        size++;
    }

    /**
     * Removes the entries whose key was replaced from the map's output. Entry i runs from its key to
     * the comma before entry i + 1, the last one to {@code close}, where the {@code '}'} goes. Each run
     * of entries kept moves as one copy, commas between them included; the run before the first
     * replaced key stays where it is.
     *
     * @param open the offset just after the map's {@code '{'}
     * @return the new offset of the {@code '}'}
     */
    int compact(byte[] out, int base, int open, int close) {
        int w = open;
        int i = base;
        while (i < size) {
            if (length[i] < 0) {
                i++;
                continue;
            }
            int run = i;
            while (i < size && length[i] >= 0) {
                i++;
            }
            int from = start[run];
            int to = i < size ? start[i] - 1 : close;
            if (w > open) {
                out[w++] = ',';
            }
            if (w != from) {
                System.arraycopy(out, from, out, w, to - from);
            }
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

    /**
     * A key's fingerprint from its first and last eight bytes (the latter 0 for a key of up to eight)
     * and its length: the top six bits pick its bit in {@link #seen}, the low bits its table slot.
     */
    private static int fingerprint(long first, long last, int len) {
        long x = (first ^ Long.rotateLeft(last, 29) ^ len) * 0x9E3779B97F4A7C15L;
        return (int) (x ^ (x >>> 32));
    }
}
