package vivo.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vivo.render.otlp.OtlpForm;

/**
 * Decode + render of one real chunk, as the drain thread does it ({@link #render}): the drain's
 * {@link ChunkRenderer#lending} renderer on the chunk's bytes, then the payload stored as a stream stores
 * it (copied into native memory, {@link Payload#offHeap}) and let go. And the OTLP JSON of /api/v2
 * alone ({@link #otlp}), which a response renders when it reads the entry. Serving is not measured.
 *
 * <p>Besides the time per chunk, JMH reports two counters per second: {@code bytes} (msgpack bytes in:
 * divide by 10^6 for MB/s) and {@code records} (log records or metrics/traces contexts: 10^9 divided by
 * it is ns per record). Results and the machine: BENCHMARKS.md.
 *
 * <p>Run: {@code mvn -Pbench -DskipTests package && java -jar build/benchmarks.jar}
 * (fixtures from {@code -Dvivo.fixtures.dir}, default {@code tests/fixtures}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
public class RenderBenchmark {

    /** A fixture chunk: {@code <scenario>/<id>}. */
    @Param({"big-chunk/0000", "logs-dummy/0000", "metrics-fluentbit/0000"})
    public String fixture;

    private byte[] chunk;
    private String tag;
    private int records;
    private final ChunkRenderer renderer = ChunkRenderer.lending();
    private final Slabs slabs = new Slabs();
    private OtlpForm otlp;
    /** Where {@link #otlp} writes: counts the bytes, keeps none. */
    private final Counting sink = new Counting();

    /** Bytes and records rendered, reported per second next to the chunk rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
        public long records;

        @Setup(Level.Iteration)
        public void clear() {
            bytes = 0;
            records = 0;
        }
    }

    @Setup
    public void load() throws IOException {
        Path dir = Paths.get(System.getProperty("vivo.fixtures.dir", "tests/fixtures"));
        chunk = Files.readAllBytes(dir.resolve(fixture + ".msgpack"));
        tag = new String(Files.readAllBytes(dir.resolve(fixture + ".tag")), StandardCharsets.UTF_8);
        ChunkRenderer.Rendered r = renderer.render(chunk, chunk.length, tag);
        if (r.payload() == null || r.dropped() != 0) {
            throw new IllegalStateException(fixture + " does not render cleanly: " + r.problem());
        }
        records = r.payload() instanceof LogRecords logs ? logs.count() : countLines((Lines) r.payload());
        otlp = OtlpForm.of(r.payload().kind(), Bytes.of(chunk));
    }

    private static int countLines(Lines lines) {
        int n = 0;
        for (byte b : lines.bytes().toArray()) {
            if (b == '\n') {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public Payload render(Counters counters) {
        Payload stored = renderer.render(chunk, chunk.length, tag).payload().offHeap(slabs);
        stored.block().release();   // as the stream evicts it: its slabs go back to the pool
        counters.bytes += chunk.length;
        counters.records += records;
        return stored;
    }

    /**
     * The OTLP JSON of /api/v2 alone, as a response writes a stored entry: the thread's renderer copies
     * the msgpack out, renders it and writes it ({@link OtlpForm#write}). What a read pays, not ingest.
     */
    @Benchmark
    public long otlp(Counters counters) throws IOException {
        otlp.write(sink);
        counters.bytes += chunk.length;
        counters.records += records;
        return sink.written;
    }

    private static final class Counting extends OutputStream {
        long written;

        @Override
        public void write(int b) {
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            written += len;
        }
    }
}
