package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vivo.stream.Payloads.ids;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import vivo.render.View;

/** What {@link Stream#read} selects, on streams whose entries were appended, evicted or read away. */
class SelectionTest {

    private static final long MAX = Long.MAX_VALUE;

    /** Ids 0..5, next 6: the stream of vivo-reference.md §5.5. */
    private static final Stream SIX = streamOf(6);

    /** A stream that was given {@code count} entries, ids 0 to count - 1, and keeps them all. */
    private static Stream streamOf(int count) {
        Stream stream = new Stream(1_000_000);
        for (int id = 0; id < count; id++) {
            stream.append("t", Payloads.line("entry " + id));
        }
        return stream;
    }

    private static Selection select(Stream stream, long from, long to, long limit) {
        return stream.read(new Range(from, to, limit), false);
    }

    @Test
    void everythingIsSelectedWithoutBounds() {
        Selection s = SIX.read(Range.ALL, false);
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
        Stream evicted = new Stream(30); // room for three entries of 10 bytes: 0 to 3 go
        for (int i = 0; i < 7; i++) {
            evicted.append("t", Payloads.sized(10));
        }
        Selection s = select(evicted, 1, MAX, MAX);
        assertEquals(List.of(4L, 5L, 6L), ids(s.entries()));
        assertEquals(7, s.next());
        assertEquals(4, s.start(), "start-id above the requested from tells the client entries were evicted");
    }

    @Test
    void gapsLeftByReadsAreSkipped() {
        Stream gappy = streamOf(10);
        gappy.read(new Range(1, 2, MAX), true);
        gappy.read(new Range(5, 8, MAX), true);
        assertEquals(List.of(0L, 3L, 4L, 9L), ids(gappy.read(Range.ALL, false).entries()));
        assertEquals(List.of(3L, 4L), ids(select(gappy, 1, 8, MAX).entries()));
        assertEquals(List.of(9L), ids(select(gappy, 5, MAX, 1).entries()));
        assertTrue(select(gappy, 5, 8, MAX).isEmpty());
        assertEquals(10, select(gappy, 5, 8, MAX).next());
    }

    @Test
    void anEmptyStreamSelectsNothing() {
        Selection s = new Stream(1_000).read(Range.ALL, false);
        assertTrue(s.isEmpty());
        assertEquals(0, s.next());
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
