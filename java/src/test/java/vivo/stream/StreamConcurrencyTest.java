package vivo.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vivo.decode.ChunkKind;
import vivo.render.Lines;
import vivo.render.Slabs;

/** One writer and several readers at once; each reader checks what it can see for consistency. */
@Timeout(60)
class StreamConcurrencyTest {

    private static final long CAPACITY = 10_000;
    private static final int APPENDS = 50_000;
    private static final int READERS = 3;

    @Test
    void readersSeeIncreasingContiguousIdsAndNeverMoreThanTheCapacity() throws Exception {
        Stream stream = new Stream(CAPACITY);
        int[] sizes = runWithReaders(stream, random -> {
            long from = Math.max(0, nextId(stream) - random.nextInt(100));
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
            List<Entry> all = stream.read(Range.ALL, false).entries();
            long holds = all.stream().mapToLong(e -> e.payload().size()).sum();
            assertTrue(holds <= CAPACITY || all.size() == 1, "the stream holds " + holds + " bytes in " + all.size() + " entries");
        });
        Selection all = stream.read(Range.ALL, false);
        assertEquals(APPENDS, all.next());
        // only eviction took entries away, and only as many as the newest needed: the stream holds the
        // newest entries, contiguous, that fit, and had no room for the one before them as well
        int oldest = APPENDS - all.entries().size();
        assertTrue(oldest > 0, "nothing was evicted");
        assertEquals(LongStream.range(oldest, APPENDS).boxed().toList(), Payloads.ids(all.entries()));
        long held = Payloads.sizes(all.entries()).stream().mapToLong(Integer::longValue).sum();
        assertTrue(held <= CAPACITY, held + " bytes held");
        assertTrue(held + sizes[oldest - 1] > CAPACITY, "entry " + (oldest - 1) + " of " + sizes[oldest - 1]
                + " bytes was evicted although " + held + " bytes are held");
    }

    @Test
    void removingReadersNeverGetTheSameEntryAndLoseNothing() throws Exception {
        Stream stream = new Stream(CAPACITY);
        Set<Long> unique = readAwayConcurrently(stream);
        assertEquals(APPENDS, stream.read(Range.ALL, false).next());
        // the bytes of every entry read away or evicted were given back: exactly the capacity fits again
        stream.append("t", Payloads.sized((int) CAPACITY / 2));
        stream.append("t", Payloads.sized((int) CAPACITY / 2));
        assertEquals(List.of((long) APPENDS, APPENDS + 1L), Payloads.ids(stream.read(Range.ALL, false).entries()));
        stream.append("t", Payloads.sized(1));
        assertEquals(List.of(APPENDS + 1L, APPENDS + 2L), Payloads.ids(stream.read(Range.ALL, false).entries()),
                "one byte more than the capacity");
    }

    @Test
    void removingReadersOfAStreamThatNeedsNoEvictionServeEveryEntryExactlyOnce() throws Exception {
        Stream stream = new Stream(Long.MAX_VALUE);
        Set<Long> unique = readAwayConcurrently(stream);
        for (long id = 0; id < APPENDS; id++) {
            assertTrue(unique.contains(id), "entry " + id + " was never served");
        }
        assertEquals(APPENDS, unique.size());
    }

    /**
     * Entries in native memory, against eviction and the reuse of their slabs: a writer appends entries of
     * up to 300 KB to a 3 MB stream (its slabs are reused over and over) while readers read, through the
     * locked and the filtered path, hold what they read across several more reads, then check every byte
     * of each entry (its id is written all through it) before they let go. Reused memory that was still
     * held would show as another entry's bytes. And the stream allocated a few slabs, not one per entry.
     */
    @Test
    void entriesHeldByReadersKeepTheirBytesWhileTheStreamEvictsAndReusesTheirMemory() throws Exception {
        int appends = 6_000;
        long capacity = 3_000_000;
        Stream stream = new Stream(capacity);
        int[] sizes = new int[appends];
        ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
        try {
            AtomicBoolean writing = new AtomicBoolean(true);
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                Random random = new Random(r);
                readers.add(pool.submit(() -> {
                    long checked = 0;
                    List<Selection> holding = new ArrayList<>();
                    while (writing.get() || holding.size() > 0) {
                        if (writing.get()) {
                            long from = Math.max(0, nextId(stream) - random.nextInt(20));
                            Range range = new Range(from, Long.MAX_VALUE, 1 + random.nextInt(8));
                            holding.add(random.nextBoolean() ? stream.read(range, false)
                                    : stream.read(range, Page.UNBOUNDED, false, e -> e.id() % 3 == 0 ? null : e, x -> true));
                        }
                        if (holding.size() > 3 || !writing.get()) {
                            Selection oldest = holding.remove(0);
                            for (Entry e : oldest.entries()) {
                                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                                e.payload().write(vivo.render.View.API_V1, out);
                                assertArrayEquals(content(e.id(), sizes[(int) e.id()]), out.toByteArray(), "entry " + e.id());
                                checked++;
                            }
                            oldest.release();
                        }
                    }
                    return checked;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                Random random = new Random(-1);
                for (int i = 0; i < appends; i++) {
                    sizes[i] = 8 + random.nextInt(300_000);
                    assertEquals(i, stream.append("t", new Lines(ChunkKind.METRICS, content(i, sizes[i]))).id());
                }
                writing.set(false);
                return null;
            });
            writer.get(50, TimeUnit.SECONDS);
            long checked = 0;
            for (Future<Long> f : readers) {
                checked += f.get(50, TimeUnit.SECONDS);
            }
            assertTrue(checked > 1_000, "only " + checked + " entries were checked");
        } finally {
            pool.shutdownNow();
        }
        // what the stream holds (3 MB), what the readers held at most (4 reads of up to 8 entries of 300 KB
        // each, some evicted meanwhile), and the pool: some tens of slabs, where one per entry would be thousands
        assertTrue(stream.slabs() <= 3 + READERS * 4 * 8 * 300_000 / Slabs.SLAB + 8 + READERS * 4 * 8 + 2,
                stream.slabs() + " slabs for " + appends + " entries");
        for (Entry e : stream.read(Range.ALL, false).entries()) {
            assertEquals(2, e.payload().block().holders(), "entry " + e.id() + ": the stream and this read hold it, no one else");
        }
    }

    /** {@code size} bytes of entry {@code id}: its id, big-endian, over and over. */
    private static byte[] content(long id, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (id >>> (8 * (7 - i % 8)));
        }
        return bytes;
    }

    /**
     * Appends with readers that remove what they read, then reads away what is left; fails if an entry
     * is served twice. The ids served, each once.
     */
    private static Set<Long> readAwayConcurrently(Stream stream) throws Exception {
        ConcurrentLinkedQueue<Long> served = new ConcurrentLinkedQueue<>();
        runWithReaders(stream, random -> {
            long from = Math.max(0, nextId(stream) - random.nextInt(100));
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
            assertTrue(unique.add(e.id()), "entry " + e.id() + " was served and is still held");
        }
        assertTrue(stream.read(Range.ALL, false).isEmpty());
        return unique;
    }

    /** The id the stream gives its next entry, from a read that selects nothing. */
    private static long nextId(Stream stream) {
        return stream.read(new Range(Long.MAX_VALUE, Long.MAX_VALUE, 1), false).next();
    }

    interface Reader {
        void readOnce(Random random);
    }

    /**
     * Appends APPENDS entries of 1..400 bytes on one thread while READERS threads call {@code reader}.
     *
     * @return the size of each entry appended, by id
     */
    private static int[] runWithReaders(Stream stream, Reader reader) throws Exception {
        int[] sizes = new int[APPENDS];
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
                    sizes[i] = 1 + random.nextInt(400);
                    assertEquals(i, stream.append("t", Payloads.sized(sizes[i])).id());
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
        return sizes;
    }
}
