package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InflightBudgetTest {

    private final Stream stream = new Stream(1_000);

    private Selection select(long from, long to) {
        return stream.read(new Range(from, to, Long.MAX_VALUE), false);
    }

    @Test
    void theUnionOfTheEntriesHeldIsCountedEachEntryOnce() {
        for (int i = 0; i < 4; i++) {
            stream.append("t", Payloads.sized(100));
        }
        InflightBudget budget = new InflightBudget(250);
        Selection first = select(0, 1);
        Selection overlapping = select(1, 2);
        Selection same = select(0, 1);
        assertTrue(budget.take(first));
        assertEquals(200, budget.held());
        assertTrue(budget.take(same), "entries already held cost nothing more");
        assertEquals(200, budget.held());
        assertFalse(budget.take(overlapping), "entry 2 would take the union to 300");
        assertEquals(200, budget.held(), "a refusal holds nothing");
        budget.giveBack(first);
        assertEquals(200, budget.held(), "the same entries are still held by the other response");
        budget.giveBack(same);
        assertEquals(0, budget.held());
        assertTrue(budget.take(overlapping));
        assertEquals(200, budget.held());
    }

    @Test
    void oneSelectionLargerThanTheBudgetIsLetThroughWhenNothingElseIsHeld() {
        for (int i = 0; i < 4; i++) {
            stream.append("t", Payloads.sized(100));
        }
        InflightBudget budget = new InflightBudget(150);
        Selection all = select(0, 3);
        assertTrue(budget.take(all), "400 bytes, but nothing else is held");
        assertEquals(400, budget.held());
        Selection again = select(0, 0);
        assertTrue(budget.take(again), "an entry already held costs nothing more");
        stream.append("t", Payloads.sized(100));
        Selection newest = select(4, 4);
        assertFalse(budget.take(newest), "the budget is spent");
        budget.giveBack(again);
        budget.giveBack(all);
        assertEquals(0, budget.held());
        assertTrue(budget.take(newest));
        assertEquals(100, budget.held());
    }

    @Test
    void aRefusedReadRemovesNothingFromTheStream() {
        stream.append("t", Payloads.sized(100));
        stream.append("t", Payloads.sized(100));
        assertNull(stream.read(Range.ALL, Page.UNBOUNDED, true, null, selection -> false));
        assertEquals(2, stream.read(Range.ALL, false).entries().size());
        assertEquals(2, stream.read(Range.ALL, Page.UNBOUNDED, true, null, selection -> true).entries().size());
        assertTrue(stream.read(Range.ALL, false).isEmpty());
    }
}
