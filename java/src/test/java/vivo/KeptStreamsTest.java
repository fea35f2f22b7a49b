package vivo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import vivo.http.Ingest;
import vivo.stream.Streams;

class KeptStreamsTest {

    private final KeptStreams kept = new KeptStreams();

    @Test
    void theNextInstanceOnTheSameListenerTakesTheStreamsOnce() {
        Streams streams = new Streams(1000);
        Ingest ingest = new Ingest(3, 300, 30, 3, 0, 0, 0, 0, 0, 0, 0);
        kept.keep("127.0.0.1:2025", streams, ingest, 1);
        assertNull(kept.take("127.0.0.1:2026"));
        KeptStreams.Kept taken = kept.take("127.0.0.1:2025");
        assertSame(streams, taken.streams());
        assertSame(ingest, taken.ingest());
        assertNull(kept.take("127.0.0.1:2025"));
    }

    @Test
    void theCountersOfAnEarlierGenerationAreAddedToTheNextOnesButItsQueueIsNot() {
        Ingest earlier = new Ingest(10, 1000, 100, 7, 2, 1, 1, 5, 2, 4, 400);
        Ingest later = new Ingest(3, 300, 30, 3, 0, 0, 0, 1, 0, 1, 100);
        assertEquals(new Ingest(13, 1300, 130, 10, 2, 1, 1, 6, 2, 1, 100), earlier.plus(later));
    }

    @Test
    void whatARunningGenerationDidNotTakeIsDropped() {
        kept.keep("127.0.0.1:2025", new Streams(1000), Ingest.NONE, 1);
        kept.keep("127.0.0.1:2026", new Streams(1000), Ingest.NONE, 2);
        assertEquals(1, kept.dropOlderThan(2));
        assertNull(kept.take("127.0.0.1:2025"));
        assertEquals(0, kept.dropOlderThan(2));
    }
}
