package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One writer and several readers at once; each reader checks what it can see for consistency. */
@Timeout(60)
class StreamConcurrencyTest {

    private static final long CAPACITY = 10_000;
    private static final int APPENDS = 50_000;
    private static final int READERS = 3;

    @Test
    void readersSeeIncreasingContiguousIdsAndNeverMoreThanTheCapacity() throws Exception {
        Stream stream = new Stream(CAPACITY);
        runWithReaders(stream, random -> {
            long from = Math.max(0, stream.stats().nextId() - random.nextInt(100));
            Range range = random.nextBoolean() ? Range.ALL : new Range(from, from + random.nextInt(500), 1 + random.nextInt(300));
            Selection s = stream.read(range, false);
            List<Entry> entries = s.entries();
            long held = 0;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                held += e.payload().size();
                if (i > 0) {
                    // no read removes anything here, so the entries held are contiguous: a gap is a torn snapshot
                    assertEquals(entries.get(i - 1).id() + 1, e.id(), "contiguous ids");
                }
                assertTrue(e.id() < s.next(), "every id is below next");
                assertTrue(e.id() >= range.from() && e.id() <= range.to(), "within the range");
            }
            assertTrue(entries.size() <= range.limit());
            assertTrue(held <= CAPACITY || entries.size() == 1, "held " + held + " bytes in " + entries.size() + " entries");
            Stats stats = stream.stats();
            assertTrue(stats.bytes() <= CAPACITY || stats.chunks() == 1, "stream holds " + stats);
        });
        Stats stats = stream.stats();
        assertEquals(APPENDS, stats.nextId());
        assertEquals(stats.appendedBytes(), stats.evictedBytes() + stats.bytes());
    }

    @Test
    void removingReadersNeverGetTheSameEntryAndLoseNothing() throws Exception {
        Stream stream = new Stream(CAPACITY);
        ConcurrentLinkedQueue<Long> served = new ConcurrentLinkedQueue<>();
        runWithReaders(stream, random -> {
            long from = Math.max(0, stream.stats().nextId() - random.nextInt(100));
            Range range = random.nextInt(4) == 0 ? Range.ALL : new Range(from, Long.MAX_VALUE, 1 + random.nextInt(5));
            Selection s = stream.read(range, true);
            long previous = -1;
            for (Entry e : s.entries()) {
                assertTrue(e.id() > previous, "increasing ids");
                previous = e.id();
                served.add(e.id());
            }
        });
        Set<Long> unique = new HashSet<>(served);
        assertEquals(served.size(), unique.size(), "an entry was served to two readers");
        for (Entry e : stream.read(Range.ALL, true).entries()) {
            assertTrue(unique.add(e.id()));
        }
        Stats stats = stream.stats();
        assertEquals(stats.readChunks() + stats.evictedChunks(), APPENDS, "every entry was either read or evicted");
        assertEquals(stats.appendedBytes(), stats.readBytes() + stats.evictedBytes());
        assertEquals(stats.readChunks(), unique.size());
    }

    interface Reader {
        void readOnce(Random random);
    }

    /** Appends APPENDS entries of 1..400 bytes on one thread while READERS threads call {@code reader}. */
    private static void runWithReaders(Stream stream, Reader reader) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                Random random = new Random(r);
                readers.add(pool.submit(() -> {
                    start.await();
                    int reads = 0;
                    while (writing.get() || reads < 100) {
                        reader.readOnce(random);
                        reads++;
                    }
                    return null;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                Random random = new Random(-1);
                start.await();
                for (int i = 0; i < APPENDS; i++) {
                    assertEquals(i, stream.append(Payloads.sized(1 + random.nextInt(400))).id());
                }
                writing.set(false);
                return null;
            });
            start.countDown();
            writer.get(50, TimeUnit.SECONDS);
            for (Future<?> f : readers) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
