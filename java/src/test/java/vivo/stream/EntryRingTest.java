package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntryRingTest {

    private static Entry entry(long id) {
        return new Entry(id, "t", Payloads.sized(1));
    }

    @Test
    void removingAnyRunKeepsTheOthersInOrderAcrossWrapAroundAndResizing() {
        Random random = new Random(42);
        EntryRing ring = new EntryRing();
        List<Entry> model = new ArrayList<>();
        long id = 0;
        for (int step = 0; step < 20_000; step++) {
            int op = random.nextInt(10);
            if (op < 6) {
                Entry e = entry(id++);
                ring.addLast(e);
                model.add(e);
            } else if (op < 8 && !model.isEmpty()) {
                assertEquals(model.remove(0), ring.removeFirst());
            } else if (!model.isEmpty()) {
                int from = random.nextInt(model.size());
                int to = from + random.nextInt(model.size() - from + 1);
                ring.removeRange(from, to);
                model.subList(from, to).clear();
            }
            assertEquals(model, ring, "after step " + step);
        }
    }

    @Test
    void removingMostOfABigRingAtOnceKeepsTheNewestInOrder() {
        EntryRing ring = new EntryRing();
        for (int i = 0; i < 10_000; i++) {
            ring.addLast(entry(i));
        }
        ring.removeRange(0, 9_990);
        assertEquals(10, ring.size());
        assertEquals(9_990, ring.get(0).id());
        assertEquals(9_999, ring.get(9).id());
    }
}
