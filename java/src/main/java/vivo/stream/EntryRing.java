package vivo.stream;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A stream's entries, oldest first, in a circular array that grows by doubling: append at the tail,
 * evict at the head, and remove any run of entries (a read with {@code empty_stream_on_read}) by moving
 * whichever side of the run is shorter. Not thread-safe: {@link Stream} guards it.
 */
final class EntryRing extends AbstractList<Entry> implements RandomAccess {

    private static final int MIN_SLOTS = 16;

    private Entry[] slots = new Entry[MIN_SLOTS];
    private int head;
    private int size;

    @Override
    public Entry get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return slots[slot(index)];
    }

    @Override
    public int size() {
        return size;
    }

    void addLast(Entry entry) {
        if (size == slots.length) {
            resize(slots.length * 2);
        }
        slots[slot(size)] = entry;
        size++;
        modCount++;
    }

    Entry removeFirst() {
        Entry first = get(0);
        slots[head] = null;
        head = slot(1);
        size--;
        modCount++;
        shrinkIfSparse();
        return first;
    }

    /** Removes the entries at indexes {@code from} (inclusive) to {@code to} (exclusive). */
    @Override
    public void removeRange(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + ", size " + size);
        }
        int gap = to - from;
        if (from < size - to) {
            // shift the entries before the run towards the tail, then drop the head
            for (int i = from - 1; i >= 0; i--) {
                slots[slot(i + gap)] = slots[slot(i)];
            }
            for (int i = 0; i < gap; i++) {
                slots[slot(i)] = null;
            }
            head = slot(gap);
        } else {
            // shift the entries after the run towards the head, then drop the tail
            for (int i = to; i < size; i++) {
                slots[slot(i - gap)] = slots[slot(i)];
            }
            for (int i = size - gap; i < size; i++) {
                slots[slot(i)] = null;
            }
        }
        size -= gap;
        modCount++;
        shrinkIfSparse();
    }

    /** A burst of small entries may have grown the array; give the room back once it is mostly empty. */
    private void shrinkIfSparse() {
        int length = slots.length;
        while (length > MIN_SLOTS && size < length / 4) {
            length /= 2;
        }
        if (length != slots.length) {
            resize(length);
        }
    }

    private void resize(int length) {
        Entry[] resized = new Entry[length];
        for (int i = 0; i < size; i++) {
            resized[i] = slots[slot(i)];
        }
        slots = resized;
        head = 0;
    }

    private int slot(int index) {
        return (head + index) & (slots.length - 1);
    }
}
