package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.it.Fbhost.Jdk;

/**
 * Hot reload under load, many times over (issue 10, item 5; RELIABILITY.md "Hot reload under load"):
 * a dummy input flushing all along, a client following the stream across every reload. After the first
 * few reloads the process's threads, open files and RSS stay flat; the ids a client sees continue; every
 * chunk the host was told was accepted is in the stream or was evicted from it.
 */
class HotReloadSoakIT {

    @TempDir
    Path dir;

    private static final int RELOADS = Soak.pick(15, 100);
    /** Reloads before the figures must be flat: the JIT, the heap and the malloc arenas settle first. */
    private static final int WARMUP = 5;
    /** Open files that may come and go with the follower's connection and the one being accepted. */
    private static final long FILES_SLACK = 4;
    /** The JVM's own threads that start and end by themselves (a compiler thread, the service thread's helpers). */
    private static final long THREADS_SLACK = 2;
    /** Steps of 15-20 MiB were seen in 100 reloads (the JIT, malloc arenas), then a creep of about 30 kB a reload. */
    private static final long RSS_GROWTH_KB = 48 * 1024;

    /**
     * workers 2: flushes of one instance run concurrently, on the host's worker threads. 64K of stream holds
     * about a second of this input: the oldest chunks are evicted all along, and the follower keeps up. The
     * heap is fixed and touched at start, so its pages are in RSS from the first sample: RSS that grows after
     * that is memory outside the heap (malloc, threads' stacks, metaspace, compiled code).
     */
    private static final String CONFIG = """
            [SERVICE]
                grace     5
                log_level info
            [INPUT]
                name    dummy
                rate    100
                count   %d
                records 10
            [OUTPUT]
                name              vivo_java
                match             *
                http_port         0
                workers           2
                stream_queue_size 64K
                retry_limit       no_limits
                jvm_options       -Xms64m -Xmx64m -XX:+AlwaysPreTouch
            """;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void reloadingUnderLoadKeepsThreadsFilesAndMemoryFlatAndLosesNoAcceptedChunk(Jdk jdk) throws Exception {
        Path conf = dir.resolve("fluent-bit.conf");
        // http_port 0 throughout: each generation listens on a port of its own, none is freed for us to reuse;
        // the listener stays "127.0.0.1:0", so the streams and their ids go on across every reload
        try (Fbhost host = Fbhost.run(CONFIG.formatted(0)).jdk(jdk).hotReload().start(dir)) {
            int port = host.httpPort();
            host.awaitEvent("ready generation=1.*");
            List<long[]> samples = new ArrayList<>();   // per reload: threads but HTTP's, ours, files, rss kB
            try (StreamReader follower = StreamReader.follow(port)) {
                // the threads to come back to, once chunks flow: at "ready" one may still be starting (its
                // name not set yet), and a count taken then was seen to differ from every later one
                Fbhost.until("chunks through the first generation", Fbhost.WAIT, follower::next, next -> next >= 5);
                long ours = ours(host.threadNames());
                int last = RELOADS + 1;
                for (int generation = 2; generation <= last; generation++) {
                    long before = follower.next();
                    Fbhost.until("chunks the follower saw before reload " + (generation - 1), Fbhost.WAIT,
                            follower::next, next -> next >= before + 20);
                    if (generation == last) {
                        Files.writeString(conf, CONFIG.formatted(300));   // a finite input, to count at the end
                    }
                    host.signal("HUP");
                    host.awaitEvent("ready generation=" + generation + ".*");
                    assertEquals(generation - 1, count(host.log(), "kept the streams of 127.0.0.1:0 across the reload"),
                            "reloads that kept the streams");
                    follower.moveTo(host.httpPort(generation));
                    // the old generation's threads end just after its ExitCtx returns: wait for them, bounded
                    // (by Fbhost.WAIT: on a machine loaded by other builds 10 s was seen not to be enough)
                    Fbhost.until("threads of the plugin and the host after reload " + (generation - 1),
                            Fbhost.WAIT, () -> ours(host.threadNames()), n -> n == ours);
                    List<String> names = host.threadNames();
                    assertTrue(http(names) <= HTTP_THREADS, http(names) + " HTTP threads after reload " + (generation - 1)
                            + ": more than one server's");
                    long[] s = {names.size() - http(names), ours, host.openFiles(), host.rssKilobytes()};
                    samples.add(s);
                    System.out.printf("reload %3d: threads %d but HTTP's (plugin and host %d), open files %d, RSS %d kB, next id %d%n",
                            generation - 1, s[0], s[1], s[2], s[3], follower.next());
                }

                // the last generation's input is finite: once it is done, the stream must hold every chunk
                long lastOk = Long.parseLong(host.awaitEvent("inputs done generation=" + last + " ok=(\\d+)").group(1));
                long accepted = okBefore(host.events(), last) + lastOk;
                Fbhost.until("the follower's next id, against " + accepted + " chunks accepted", Duration.ofSeconds(10),
                        follower::next, next -> next >= accepted);
                assertEquals(accepted, follower.next(), "ids served or evicted, against chunks accepted");
                assertEquals(List.of(), follower.problems(), "what the follower found wrong");
                assertEquals(accepted, follower.seen() + follower.evictedUnread());
                // and the stream itself: the evicted ids are the ones below its first
                HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host.httpPort(last) + "/logs")).method("HEAD",
                        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                long first = Long.parseLong(head.headers().firstValue("Vivo-Stream-Oldest-ID").orElseThrow());
                // the newest id: a read of the whole stream may end early, at stream_page_size
                long end = Long.parseLong(head.headers().firstValue("Vivo-Stream-Tail-ID").orElseThrow()) - 1;
                assertEquals(accepted - 1, end, "the last id in the stream");
                assertEquals("0", head.headers().firstValue("Vivo-Stream-Rejected-Entries").orElseThrow());
                assertTrue(first > 0, "nothing was evicted: the test did not exercise eviction");
                Soak.figures("hot reload " + jdk, "stream at the end: ids %d-%d kept, %d evicted", first, end, first);
                Soak.figures("hot reload " + jdk, "%d reloads, %d chunks accepted, follower %s", RELOADS, accepted, follower);
            }
            assertEquals(0, host.stop());
            assertEquals(okBefore(host.events(), Integer.MAX_VALUE), ShimIT.javaCount(host.log(), "vivo_java.0"),
                    "chunks the host was told were accepted, and chunks Java took");

            List<long[]> settled = samples.subList(WARMUP - 1, samples.size());
            LongSummaryStatistics threads = settled.stream().mapToLong(s -> s[0]).summaryStatistics();
            LongSummaryStatistics files = settled.stream().mapToLong(s -> s[2]).summaryStatistics();
            LongSummaryStatistics rss = settled.stream().mapToLong(s -> s[3]).summaryStatistics();
            Soak.figures("hot reload " + jdk, "from reload %d to %d: threads %d-%d, open files %d-%d, RSS %d-%d kB "
                            + "(%+d kB from reload %d to the last)", WARMUP, RELOADS, threads.getMin(), threads.getMax(),
                    files.getMin(), files.getMax(), rss.getMin(), rss.getMax(),
                    settled.get(settled.size() - 1)[3] - settled.get(0)[3], WARMUP);
            assertTrue(threads.getMax() - threads.getMin() <= THREADS_SLACK, "threads " + threads);
            assertTrue(files.getMax() - files.getMin() <= FILES_SLACK, "open files " + files);
            assertTrue(rss.getMax() - settled.get(0)[3] <= RSS_GROWTH_KB, "RSS " + rss);
        }
    }

    /**
     * The threads the shim, Java's instances and the host's pipeline own, but the HTTP server's: exactly as
     * many after each reload. The HTTP server's are counted apart ({@link #http}): its pool starts a worker
     * for each of its first four bodies, so how many it has right after a reload depends on the load.
     */
    static long ours(List<String> names) {
        return names.stream().filter(n -> (n.startsWith("vivo-java") || n.startsWith("flb-")) && !n.startsWith(HTTP)).count();
    }

    /** The HTTP server's threads (the kernel's 15-character names: I/O thread and workers look alike). */
    static long http(List<String> names) {
        return names.stream().filter(n -> n.startsWith(HTTP)).count();
    }

    private static final String HTTP = "vivo-java-http-";
    /** One server's: XNIO's I/O and Accept threads, and at most four workers (HttpServer). */
    private static final long HTTP_THREADS = 6;

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    /** The chunks the host was told were accepted, by the generations before {@code generation}. */
    private static long okBefore(List<String> events, int generation) {
        Pattern stopped = Pattern.compile("fbhost: " + Counts.Host.EVENT);
        long ok = 0;
        for (String line : events) {
            Matcher m = stopped.matcher(line);
            if (m.matches() && Counts.Host.of(m).generation() < generation) {
                ok += Counts.Host.of(m).ok();
            }
        }
        return ok;
    }
}
