package vivo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import vivo.stream.Streams;

class KeptStreamsTest {

    private final KeptStreams kept = new KeptStreams();

    @Test
    void theNextInstanceOnTheSameListenerTakesTheStreamsOnce() {
        Streams streams = new Streams(1000);
        kept.keep("127.0.0.1:2025", streams, 1);
        assertNull(kept.take("127.0.0.1:2026"));
        assertSame(streams, kept.take("127.0.0.1:2025"));
        assertNull(kept.take("127.0.0.1:2025"));
    }

    @Test
    void whatARunningGenerationDidNotTakeIsDropped() {
        kept.keep("127.0.0.1:2025", new Streams(1000), 1);
        kept.keep("127.0.0.1:2026", new Streams(1000), 2);
        assertEquals(1, kept.dropOlderThan(2));
        assertNull(kept.take("127.0.0.1:2025"));
        assertEquals(0, kept.dropOlderThan(2));
    }
}
