package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vivo.stream.Payloads.ids;
import static vivo.stream.Payloads.sized;
import static vivo.stream.Payloads.sizes;

import java.util.List;
import org.junit.jupiter.api.Test;
import vivo.decode.ChunkKind;
import vivo.render.Lines;

class StreamTest {

    private static Selection all(Stream stream) {
        return stream.read(Range.ALL, false);
    }

    /** The bytes of the entries the stream holds. */
    private static long held(Stream stream) {
        return sizes(all(stream).entries()).stream().mapToLong(Integer::longValue).sum();
    }

    @Test
    void idsStartAtZeroAndAreContiguous() {
        Stream stream = new Stream(1_000);
        for (int i = 0; i < 6; i++) {
            assertEquals(i, stream.append("t", sized(10)).id());
        }
        Selection s = all(stream);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), ids(s.entries()));
        assertEquals(6, s.next());
    }

    /** vivo-reference.md §9 D2..D7 with stream_queue_size 400, where we evict only what is needed. */
    @Test
    void evictionFreesOnlyWhatTheNewEntryNeedsUnlikeTheCPluginWhichFreesAtLeastItsSize() {
        Stream stream = new Stream(400);
        stream.append("t", sized(120));
        stream.append("t", sized(120));
        stream.append("t", sized(120));
        assertEquals(List.of(120, 120, 120), sizes(all(stream).entries()), "D2");

        stream.append("t", sized(120));
        Selection d3 = all(stream);
        assertEquals(List.of(1L, 2L, 3L), ids(d3.entries()), "D3");
        assertEquals(4, d3.next());

        stream.append("t", sized(150));
        // C keeps [120,150] (ids 3,4): it frees at least 150 bytes. One eviction is enough: 120+120+150 = 390.
        assertEquals(List.of(2L, 3L, 4L), ids(all(stream).entries()), "D4, our behaviour");
        assertEquals(List.of(120, 120, 150), sizes(all(stream).entries()));

        stream.append("t", sized(130));
        // 390 + 130 > 400: the oldest 120 goes, leaving 120+150+130 = 400, exactly the capacity.
        assertEquals(List.of(3L, 4L, 5L), ids(all(stream).entries()), "D5");
        assertEquals(400, held(stream));
    }

    @Test
    void anEntryThatFillsTheCapacityExactlyEvictsNothing() {
        Stream stream = new Stream(400);
        stream.append("t", sized(100));
        stream.append("t", sized(300));
        assertEquals(List.of(0L, 1L), ids(all(stream).entries()), "both held: none evicted");
    }

    @Test
    void anEntryLargerThanTheCapacityIsRejectedAndTheHistoryKept() {
        Stream stream = new Stream(400);
        stream.append("t", sized(120));
        stream.append("t", sized(150));
        assertNull(stream.append("t", sized(1_000)), "rejected");
        Selection d6 = all(stream);
        assertEquals(List.of(0L, 1L), ids(d6.entries()), "D6: nothing evicted for it");
        assertEquals(270, held(stream));
        assertEquals(1, d6.state().rejectedEntries());
        assertEquals(2, d6.next(), "it took no id");

        stream.append("t", sized(130));
        Selection d7 = all(stream);
        assertEquals(List.of(0L, 1L, 2L), ids(d7.entries()), "D7");
        assertEquals(3, d7.next());
    }

    @Test
    void anEntryWhoseLongestViewIsLargerThanAPageIsRejected() {
        Stream stream = new Stream(1_000_000);
        stream.setPageSize(5_000);
        assertNotNull(stream.append("t", sized(4_000)));
        assertNull(stream.append("t", sized(5_001)), "its classic body alone is above a page");
        assertEquals(List.of(0L), ids(all(stream).entries()));
        assertEquals(1, stream.snapshot().rejectedEntries());
    }

    @Test
    void capacityZeroKeepsNothing() {
        Stream stream = new Stream(0);
        assertNull(stream.append("t", sized(5)));
        assertEquals(List.of(), ids(all(stream).entries()));
        assertEquals(0, stream.snapshot().next());
    }

    @Test
    void aPageEndsBeforeTheEntryThatWouldOverflowItAndSaysWhereToGoOn() {
        Stream stream = new Stream(1_000_000);
        for (int i = 0; i < 5; i++) {
            stream.append("t", sized(100));
        }
        Page page = new Page(250, entry -> entry.payload().length(vivo.render.View.CLASSIC));
        Selection first = stream.read(Range.ALL, page, false, null, s -> true);
        assertEquals(List.of(0L, 1L), ids(first.entries()));
        assertEquals(2, first.resume());
        Selection exact = stream.read(Range.ALL, new Page(300, page.bytes()), false, null, s -> true);
        assertEquals(List.of(0L, 1L, 2L), ids(exact.entries()), "a page may be filled exactly");
        assertEquals(3, exact.resume());
        Selection tiny = stream.read(new Range(4, Long.MAX_VALUE, Long.MAX_VALUE), new Page(1, page.bytes()), false, null, s -> true);
        assertEquals(List.of(4L), ids(tiny.entries()), "the first entry is always taken");
        assertEquals(5, tiny.resume(), "nothing was left out: the tail");
        Selection filtered = stream.read(Range.ALL, page, false, e -> e.id() % 2 == 0 ? e : null, s -> true);
        assertEquals(List.of(0L, 2L), ids(filtered.entries()));
        assertEquals(4, filtered.resume(), "filtered out ids are not read again");
    }

    @Test
    void theResumeIdFollowsLimitAndTo() {
        Stream stream = new Stream(1_000_000);
        for (int i = 0; i < 5; i++) {
            stream.append("t", sized(100));
        }
        assertEquals(1, stream.read(new Range(0, Long.MAX_VALUE, 1), false).resume(), "from=0&limit=1 goes on at 1");
        assertEquals(3, stream.read(new Range(1, 2, Long.MAX_VALUE), false).resume(), "after to");
        assertEquals(5, stream.read(new Range(1, 99, Long.MAX_VALUE), false).resume(), "to past the tail: the tail");
        assertEquals(5, stream.read(new Range(9, Long.MAX_VALUE, Long.MAX_VALUE), false).resume(), "from past the tail");
        assertEquals(5, stream.read(new Range(4, Long.MAX_VALUE, 1), false).resume(), "a limit that cut nothing");
    }

    @Test
    void shrinkingTheCapacityEvictsTheOldestAndGrowingItEvictsNothing() {
        Stream stream = new Stream(1_000);
        for (int i = 0; i < 5; i++) {
            stream.append("t", sized(100));
        }
        stream.setCapacity(250);
        assertEquals(List.of(3L, 4L), ids(all(stream).entries()));
        stream.setCapacity(10_000);
        assertEquals(List.of(3L, 4L), ids(all(stream).entries()));
        stream.setCapacity(50);
        assertEquals(List.of(4L), ids(all(stream).entries()), "the newest entry stays, alone, like an oversize one");
        assertEquals(5, stream.append("t", sized(10)).id(), "ids continue");
        assertEquals(List.of(5L), ids(all(stream).entries()));
    }

    @Test
    void negativeCapacitiesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Stream(-1));
        assertThrows(IllegalArgumentException.class, () -> new Stream(10).setCapacity(-1));
    }

    @Test
    void aRemovingReadTakesExactlyTheEntriesItReturnedUnlikeTheCPluginWhichWipesTheStream() {
        Stream stream = new Stream(10_000);
        for (int i = 0; i < 4; i++) {
            stream.append("t", sized(10));
        }
        Selection d8 = stream.read(new Range(1, Long.MAX_VALUE, 1), true);
        assertEquals(List.of(1L), ids(d8.entries()));
        assertEquals(4, d8.next());
        assertEquals(List.of(0L, 2L, 3L), ids(all(stream).entries()), "the filtered-out entries stay, only entry 1 went");
        assertEquals(30, held(stream));

        assertTrue(stream.read(new Range(99, Long.MAX_VALUE, Long.MAX_VALUE), true).isEmpty(), "D9");
        assertEquals(List.of(0L, 2L, 3L), ids(all(stream).entries()), "a read that selects nothing removes nothing");

        assertEquals(List.of(0L, 2L, 3L), ids(stream.read(Range.ALL, true).entries()));
        assertTrue(all(stream).isEmpty());
        assertEquals(0, held(stream));
        assertEquals(4, stream.append("t", sized(10)).id(), "D12: ids continue after a read emptied the stream");
    }

    @Test
    void readsAfterARemovalInTheMiddleStillHonourTheBounds() {
        Stream stream = new Stream(10_000);
        for (int i = 0; i < 10; i++) {
            stream.append("t", sized(10));
        }
        stream.read(new Range(3, 6, Long.MAX_VALUE), true);
        assertEquals(List.of(2L, 7L), ids(stream.read(new Range(2, 7, Long.MAX_VALUE), false).entries()));
        assertEquals(List.of(7L, 8L), ids(stream.read(new Range(3, Long.MAX_VALUE, 2), false).entries()));
        assertTrue(stream.read(new Range(4, 6, Long.MAX_VALUE), false).isEmpty());
    }

    @Test
    void evictionAfterARemovalInTheMiddleFreesOnlyWhatIsNeeded() {
        Stream stream = new Stream(100);
        for (int i = 0; i < 5; i++) {
            stream.append("t", sized(20));
        }
        stream.read(new Range(1, 3, Long.MAX_VALUE), true);
        stream.append("t", sized(70));
        // held: 0 (20) + 4 (20) = 40; +70 = 110 > 100: entry 0 goes, 90 left.
        assertEquals(List.of(4L, 5L), ids(all(stream).entries()));
        assertEquals(90, held(stream));
    }

    @Test
    void everyEntryIsHeldEvictedOrReadAwayAndTheBytesOfEachAreGivenBack() {
        Stream stream = new Stream(100);
        assertEquals(0, stream.append("t", sized(60)).id());
        assertEquals(1, stream.append("t", sized(60)).id());
        Selection held = all(stream);
        assertEquals(List.of(1L), ids(held.entries()), "entry 0 (60 bytes) was evicted for entry 1");
        assertEquals(2, held.next(), "two appended");
        Selection read = stream.read(Range.ALL, true);
        assertEquals(List.of(1L), ids(read.entries()), "entry 1 was read away");
        assertEquals(List.of(60), sizes(read.entries()));
        assertTrue(all(stream).isEmpty());
        assertEquals(2, all(stream).next());
        // the stream counts none of those bytes any more: exactly its capacity of 100 fits again
        stream.append("t", sized(40));
        stream.append("t", sized(60));
        assertEquals(List.of(2L, 3L), ids(all(stream).entries()));
        stream.append("t", sized(1));
        assertEquals(List.of(3L, 4L), ids(all(stream).entries()), "one byte more than the capacity of 100");
    }

    @Test
    void streamsRouteEachPayloadToTheStreamOfItsKind() {
        Streams streams = new Streams(1_000);
        streams.append(new Lines(ChunkKind.METRICS, new byte[] {'1', '\n'}));
        streams.append(new Lines(ChunkKind.METRICS, new byte[] {'2', '\n'}));
        Entry trace = streams.append(new Lines(ChunkKind.TRACES, new byte[] {'3', '\n'}));
        assertEquals(0, trace.id(), "ids are per stream");
        assertEquals(0, all(streams.get(ChunkKind.LOGS)).next());
        assertEquals(2, all(streams.get(ChunkKind.METRICS)).next());
        streams.setCapacity(2);
        assertEquals(List.of(1L), ids(all(streams.get(ChunkKind.METRICS)).entries()));
    }
}
