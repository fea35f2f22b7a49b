package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vivo.stream.Payloads.ids;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import vivo.render.View;

class SelectionTest {

    /** Ids 0..5, next 6: the stream of vivo-reference.md §5.5. */
    private static final List<Entry> SIX = entries(0, 1, 2, 3, 4, 5);

    private static List<Entry> entries(long... ids) {
        List<Entry> list = new ArrayList<>();
        for (long id : ids) {
            list.add(new Entry(id, Payloads.line("entry " + id)));
        }
        return list;
    }

    private static Selection select(List<Entry> live, long from, long to, long limit) {
        return Selection.of(live, new Range(from, to, limit), 6);
    }

    private static final long MAX = Long.MAX_VALUE;

    @Test
    void everythingIsSelectedWithoutBounds() {
        Selection s = Selection.of(SIX, Range.ALL, 6);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), ids(s.entries()));
        assertEquals(0, s.start());
        assertEquals(5, s.end());
        assertEquals(6, s.next());
    }

    @Test
    void fromIsAnInclusiveLowerBound() {
        assertEquals(List.of(2L, 3L, 4L, 5L), ids(select(SIX, 2, MAX, MAX).entries()));
        assertEquals(List.of(5L), ids(select(SIX, 5, MAX, MAX).entries()));
    }

    @Test
    void fromBeyondTheEndSelectsNothingButKeepsTheNextId() {
        for (long from : new long[] {6, 99, MAX}) {
            Selection s = select(SIX, from, MAX, MAX);
            assertTrue(s.isEmpty(), "from=" + from);
            assertEquals(6, s.next());
        }
    }

    @Test
    void toIsAnInclusiveUpperBound() {
        assertEquals(List.of(0L, 1L, 2L, 3L), ids(select(SIX, 0, 3, MAX).entries()));
    }

    @Test
    void toZeroSelectsOnlyIdZeroUnlikeTheCPluginWhereItMeansUnbounded() {
        assertEquals(List.of(0L), ids(select(SIX, 0, 0, MAX).entries()));
    }

    @Test
    void limitCountsEntries() {
        assertEquals(List.of(0L), ids(select(SIX, 0, MAX, 1).entries()));
        assertEquals(List.of(1L, 2L), ids(select(SIX, 1, 4, 2).entries()));
    }

    @Test
    void toBelowFromSelectsNothing() {
        assertTrue(select(SIX, 3, 1, MAX).isEmpty());
    }

    @Test
    void fromEqualToToSelectsThatEntry() {
        assertEquals(List.of(2L), ids(select(SIX, 2, 2, MAX).entries()));
    }

    @Test
    void fromBelowTheOldestIdStartsAtTheOldest() {
        List<Entry> evicted = entries(4, 5, 6);
        Selection s = Selection.of(evicted, new Range(1, MAX, MAX), 7);
        assertEquals(4, s.start(), "start-id above the requested from tells the client entries were evicted");
    }

    @Test
    void gapsLeftByReadsAreSkipped() {
        List<Entry> gappy = entries(0, 3, 4, 9);
        assertEquals(List.of(3L, 4L), ids(Selection.of(gappy, new Range(1, 8, MAX), 10).entries()));
        assertEquals(List.of(9L), ids(Selection.of(gappy, new Range(5, MAX, 1), 10).entries()));
        assertTrue(Selection.of(gappy, new Range(5, 8, MAX), 10).isEmpty());
    }

    @Test
    void anEmptyStreamSelectsNothing() {
        Selection s = Selection.of(List.of(), Range.ALL, 0);
        assertTrue(s.isEmpty());
        assertEquals(0, s.length(View.CLASSIC));
        assertThrows(NoSuchElementException.class, s::start);
        assertThrows(NoSuchElementException.class, s::end);
    }

    @Test
    void lengthIsTheSumOfThePayloadLengthsInTheView() {
        Selection s = select(SIX, 4, MAX, MAX);
        assertEquals("entry 4\nentry 5\n".length(), s.length(View.API_V1));
    }

    @Test
    void rangesOutsideTheirDomainAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Range(-1, MAX, MAX));
        assertThrows(IllegalArgumentException.class, () -> new Range(0, -1, MAX));
        assertThrows(IllegalArgumentException.class, () -> new Range(0, MAX, 0));
    }
}
