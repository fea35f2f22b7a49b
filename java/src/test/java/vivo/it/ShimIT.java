package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.it.Fbhost.Jdk;

/**
 * The shim in the host emulator: loading, the flush path, back-pressure, host versions, signals and
 * shutdown (issue 2); signal storms and shutdown under load are SignalStormIT's and ShutdownIT's. Every
 * run compares what the host was told was accepted with what Java counted.
 */
class ShimIT {

    @TempDir
    Path dir;

    private static String service(String extra) {
        return """
                [SERVICE]
                    grace        5
                    log_level    info
                    retry_wait_ms 20
                %s
                """.formatted(extra);
    }

    private static final String LOGS_AND_METRICS_AND_TRACES = """
            [INPUT]
                name    dummy
                tag     dummy.0
                rate    100
                count   200
                records 10
            [INPUT]
                name    chunks
                dir     %s
                rate    20
                count   6
            [INPUT]
                name    chunks
                dir     %s
                rate    20
                count   4
            """.formatted(Fbhost.FIXTURES.resolve("metrics-event-type"), Fbhost.FIXTURES.resolve("traces-otlp"));

    private static String output(String extra) {
        return """
                [OUTPUT]
                    name       vivo_java
                    match      *
                    http_port  0
                    retry_limit no_limits
                %s
                """.formatted(extra);
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void everyChunkTheHostWasToldWasAcceptedReachesJava(Jdk jdk) throws Exception {
        String config = service("") + LOGS_AND_METRICS_AND_TRACES + output("    workers 2");
        try (Fbhost host = Fbhost.run(config).jdk(jdk).host("5.1.1").start(dir)) {
            host.awaitLog("with the " + jdk.bridge + " bridge");
            host.awaitEvent("inputs done generation=1 ok=210");
            assertEquals(0, host.stop());
            Counts.Host flushed = Counts.Host.of(host.awaitEvent(Counts.Host.EVENT));
            Counts.Java java = Counts.Java.of(host.awaitLog(Counts.Java.LOG));
            assertEquals(210, flushed.ok());
            assertEquals(flushed.ok(), java.chunks());
            assertEquals(200, java.logs());
            assertEquals(6, java.metrics());
            assertEquals(4, java.traces());
        }
    }

    @Test
    void flushesOnPipelineThreadWithTheSmallestCoroutineStackUseLittleOfIt() throws Exception {
        // workers 0: every flush runs on flb-pipeline, in a 24 KiB coroutine (hosts before 5.1.0)
        String config = service("    coro_stack_size 24576") + LOGS_AND_METRICS_AND_TRACES + output("");
        try (Fbhost host = Fbhost.run(config).host("5.0.0").start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=210");
            assertEquals(0, host.stop());
            Counts.Host flushed = Counts.Host.of(host.awaitEvent(Counts.Host.EVENT));
            assertTrue(flushed.maxStack() < 8192, "the flush used " + flushed.maxStack() + " bytes of stack");
            assertEquals(210, Counts.Java.of(host.awaitLog(Counts.Java.LOG)).chunks());
        }
    }

    @Test
    void anOlderHostGetsLogsOnlyAndItsShortDefinitionIsNotOverrun() throws Exception {
        // 4.2.2: a 32-byte def with a PROT_NONE page right after it; writing event_type would fault
        String config = service("") + LOGS_AND_METRICS_AND_TRACES + output("");
        try (Fbhost host = Fbhost.run(config).host("4.2.2").start(dir)) {
            host.awaitLog("receiving logs only: metrics and traces reach external plugins from Fluent Bit 4.2.3");
            host.awaitEvent("inputs done generation=1 ok=200");
            assertEquals(0, host.stop());
            Counts.Java java = Counts.Java.of(host.awaitLog(Counts.Java.LOG));
            assertEquals(200, java.logs());
            assertEquals(0, java.metrics() + java.traces());
        }
    }

    @Test
    void aBurstLargerThanTheQueueWaitsForRoomAndNothingIsLostWithTheDefaultRetryLimit() throws Exception {
        // 40 chunks of 1.79 MB, as fast as the host can, against a 1M bound: each flush waits for Java to
        // take the one before; with Fluent Bit's default retry_limit (1) an answer of retry could cost data
        String config = service("") + """
                [INPUT]
                    name  chunks
                    dir   %s
                    rate  500
                    count 40
                """.formatted(Fbhost.FIXTURES.resolve("big-chunk")) + """
                [OUTPUT]
                    name             vivo_java
                    match            *
                    http_port        0
                    workers          2
                    chunk_queue_size 1M
                """;
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=40");
            assertEquals(0, host.stop());
            Counts.Host flushed = Counts.Host.of(host.awaitEvent(Counts.Host.EVENT));
            assertEquals(0, flushed.dropped(), host.transcript());
            assertEquals(40, Counts.Java.of(host.awaitLog(Counts.Java.LOG)).logs());
        }
    }

    /**
     * The shim queue's depth, through both bridges: while a burst of big chunks waits for room in a 1M queue,
     * health shows the one chunk queued and its bytes exactly (chunk + tag, as chunk_queue_size counts
     * them); once Java has taken them all, nothing.
     */
    @ParameterizedTest
    @EnumSource(Jdk.class)
    void healthShowsTheChunksQueuedInTheShimAndTheirBytes(Jdk jdk) throws Exception {
        Path big = Fbhost.FIXTURES.resolve("big-chunk");
        long oneChunk = Files.size(big.resolve("0000.msgpack")) + Files.size(big.resolve("0000.tag"));
        String config = service("") + """
                [INPUT]
                    name  chunks
                    dir   %s
                    rate  500
                    count 200
                """.formatted(big) + """
                [OUTPUT]
                    name             vivo_java
                    match            *
                    http_port        0
                    workers          2
                    chunk_queue_size 1M
                """;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (Fbhost host = Fbhost.run(config).jdk(jdk).start(dir)) {
            URI health = URI.create("http://127.0.0.1:" + host.httpPort() + "/api/v1/health");
            Fbhost.Probe<List<Long>> queued = () -> {
                Matcher m = QUEUED.matcher(client.send(HttpRequest.newBuilder(health).build(), BodyHandlers.ofString()).body());
                assertTrue(m.find(), "no queue depth in health");
                return List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            };
            // a chunk larger than the bound passes only into an empty queue: one at a time, exactly its bytes
            List<Long> during = Fbhost.until("a chunk in the queue", Fbhost.WAIT, queued, q -> q.get(0) > 0);
            assertEquals(List.of(1L, oneChunk), during);
            host.awaitEvent("inputs done generation=1 ok=200");
            Fbhost.until("the queue drained", Fbhost.WAIT, queued, q -> q.equals(List.of(0L, 0L)));
            assertEquals(0, host.stop());
        }
    }

    private static final Pattern QUEUED = Pattern.compile("\"queuedChunks\":(\\d+),\"queuedBytes\":(\\d+)");

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void theLibrariesBannersReachFluentBitsLogAtDebugUnderTheInstanceAndNowhereElse(Jdk jdk) throws Exception {
        String config = """
                [SERVICE]
                    grace     5
                    log_level debug
                [INPUT]
                    name  dummy
                    count 3
                    rate  50
                """ + output("");
        try (Fbhost host = Fbhost.run(config).jdk(jdk).start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=3");
            assertEquals(0, host.stop());
            host.awaitLog(Counts.Java.LOG);
            List<String> libraries = Stream.concat(host.events().stream(), host.log().stream())
                    .filter(l -> l.contains("XNIO") || l.contains("Undertow")).toList();
            assertTrue(libraries.stream().anyMatch(l -> l.contains("org.xnio: XNIO version")), host.transcript());
            // Undertow has no banner here: the server starts its listener itself, not through Undertow.start
            assertTrue(libraries.stream().anyMatch(l -> l.contains("org.xnio.nio: XNIO NIO Implementation Version")), host.transcript());
            for (String line : libraries) {
                assertTrue(line.matches("\\[[^]]+] \\[debug] \\[output:vivo_java:vivo_java\\.0] (org\\.xnio|io\\.undertow)[.a-z]*: .*"), line);
            }
        }
    }

    /**
     * Fluent Bit 5.1.1 crashes within a few hot reloads when an external output flushes on worker threads
     * (issue 10, item 1): the shim warns once, and only when all three hold.
     */
    @ParameterizedTest
    @CsvSource({
        "5.1.1, true,  2, 1",
        "5.0.0, true,  1, 1",
        "5.1.1, true,  0, 0",
        "5.1.1, false, 2, 0",
        "4.2.8, true,  2, 0"})
    void workersWithHotReloadOnA5xHostAreWarnedOfOnce(String version, boolean hotReload, int workers, long warnings) throws Exception {
        String config = service("    hot_reload " + (hotReload ? "on" : "off")) + """
                [INPUT]
                    name  dummy
                    count 6
                    rate  50
                """ + output("    workers " + workers) + output("    workers " + workers);
        try (Fbhost host = Fbhost.run(config).host(version).start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=12");
            assertEquals(0, host.stop());
            List<String> warned = host.log().stream().filter(l -> l.contains("[ warn] [output:vivo_java:vivo_java.")
                    && l.contains("flushes run on output worker threads (workers >= 1) and hot reload is on: Fluent Bit 5.1.1 "
                    + "crashes in its output worker within a few hot reloads then (a host bug; this host is a 5.x: its cmetrics "
                    + "is 2.x, as in every Fluent Bit 5); set workers 0 on this [OUTPUT]")).toList();
            assertEquals(warnings, warned.size(), host.transcript());
        }
    }

    /**
     * The HTTP threads (I/O and workers) run at nice 19, the lowest priority, each thread by its own (Linux),
     * through either bridge; the drain thread and Fluent Bit's keep the host's: serving yields the CPU to
     * the pipeline. XNIO's accept thread is left as it is: it idles (TCP servers accept on the I/O threads).
     */
    @ParameterizedTest
    @EnumSource(Jdk.class)
    void theHttpThreadsRunAtALowerPriorityThanThePipeline(Jdk jdk) throws Exception {
        try (Fbhost host = Fbhost.run(service("") + output("")).jdk(jdk).start(dir)) {
            host.awaitEvent("ready generation=1.*");
            // /api/v2 is served on a worker: the pool makes its first thread for it
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI logs = URI.create("http://127.0.0.1:" + host.httpPort() + "/api/v2/logs");
            assertEquals(200, client.send(HttpRequest.newBuilder(logs).build(), BodyHandlers.ofString()).statusCode());
            Path tasks = Path.of("/proc", Long.toString(host.pid()), "task");
            int hostNice = nice(tasks.resolve(Long.toString(host.pid())));
            Map<String, Integer> niceByName = new TreeMap<>();
            try (Stream<Path> all = Files.list(tasks)) {
                for (Path task : all.toList()) {
                    niceByName.put(Files.readString(task.resolve("comm")).strip() + " " + task.getFileName(), nice(task));
                }
            }
            int lowered = 0;
            int notLowered = 0;
            for (Map.Entry<String, Integer> thread : niceByName.entrySet()) {
                String name = thread.getKey();
                if (name.startsWith("vivo-java-http")) {   // comm keeps 15 characters: "vivo-java-http-"
                    if (thread.getValue() == 19) {
                        lowered++;
                    } else {
                        notLowered++;
                        assertEquals(hostNice, thread.getValue(), name + " " + niceByName);
                    }
                } else if (name.startsWith("vivo-java-drain") || name.startsWith("fbhost") || name.startsWith("flb-")) {
                    assertEquals(hostNice, thread.getValue(), name + " " + niceByName);
                }
            }
            assertTrue(lowered >= 2, "the I/O thread and a worker at least: " + niceByName);
            assertTrue(notLowered <= 1, "only the accept thread is not lowered: " + niceByName);
            assertEquals(0, host.stop());
        }
    }

    /** The nice value of a thread, field 19 of its stat (after the name in parentheses, which may hold spaces). */
    private static int nice(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[19 - 3]);
    }

    /** Fluent Bit's handlers of its asynchronous signals run on its own threads only, never on Java's. */
    @Test
    void javasThreadsBlockTheHostsSignalsAndTheHostsThreadsDoNot() throws Exception {
        long hostSignals = (1L << (1 - 1)) | (1L << (2 - 1)) | (1L << (3 - 1)) | (1L << (15 - 1)) | (1L << (18 - 1))
                | (1L << (10 - 1));   // SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGCONT, SIGUSR1
        try (Fbhost host = Fbhost.run(service("") + output("    workers 1")).start(dir)) {
            host.awaitEvent("ready generation=1.*");
            int java = 0;
            int fluentBit = 0;
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(host.pid()), "task"))) {
                for (Path task : tasks.toList()) {
                    String name = Files.readString(task.resolve("comm")).strip();
                    long blocked = Files.readAllLines(task.resolve("status")).stream().filter(l -> l.startsWith("SigBlk:"))
                            .map(l -> Long.parseUnsignedLong(l.substring(7).strip(), 16)).findFirst().orElseThrow();
                    if (name.equals("fbhost") || name.startsWith("flb-")) {
                        fluentBit++;
                        assertEquals(0, blocked & hostSignals, name + " is Fluent Bit's: it takes its signals");
                    } else {
                        java++;
                        assertEquals(hostSignals, blocked & hostSignals, name + " is Java's: SigBlk " + Long.toHexString(blocked));
                    }
                }
            }
            assertTrue(java >= 5 && fluentBit >= 2, java + " Java threads, " + fluentBit + " of Fluent Bit's");
            assertEquals(0, host.stop());
        }
    }

    @Test
    void aPreloadedLibjsigStillWorksAndIsWarnedOfOnce() throws Exception {
        String config = service("") + """
                [INPUT]
                    name  dummy
                    count 6
                    rate  50
                """ + output("") + output("");
        try (Fbhost host = Fbhost.run(config).withLibjsig().start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=12");
            assertEquals(0, host.stop());
            assertEquals(1, host.log().stream().filter(l -> l.contains("[ warn] [output:vivo_java:vivo_java.0] libjsig.so is "
                    + "preloaded: the plugin no longer needs it, and it can hang Fluent Bit when a SIGHUP and a SIGCONT come "
                    + "close together")).count(), host.transcript());
        }
    }

    @Test
    void severalInstancesKeepTheirOwnState() throws Exception {
        String config = service("") + """
                [INPUT]
                    name  dummy
                    tag   app.a
                    rate  100
                    count 30
                [INPUT]
                    name  dummy
                    tag   app.b
                    rate  100
                    count 70
                [OUTPUT]
                    name      vivo_java
                    match     app.a
                    http_port 0
                [OUTPUT]
                    name      vivo_java
                    match     app.b
                    http_port 0
                    workers   3
                """;
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=100");
            assertEquals(0, host.stop());
            List<String> log = host.log();
            assertEquals(30, javaCount(log, "vivo_java.0"));
            assertEquals(70, javaCount(log, "vivo_java.1"));
        }
    }

    @Test
    void aPluginsFileLoadsTheShim() throws Exception {
        Files.writeString(dir.resolve("plugins.conf"), "[PLUGINS]\n    Path " + Fbhost.SHIM + "\n");
        String config = service("    plugins_file plugins.conf") + """
                [INPUT]
                    name  dummy
                    count 5
                    rate  50
                """ + output("");
        try (Fbhost host = Fbhost.run(config).noCliPlugin().start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=5");
            assertEquals(0, host.stop());
        }
    }

    @Test
    void loadingAndRegisteringAloneStartNoJvm() throws Exception {
        // what fluent-bit -h and --dry-run do: load the .so and register it, create no instance
        String config = service("") + """
                [INPUT]
                    name  dummy
                    count 1
                """;
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            host.awaitEvent("ready generation=1 outputs=0");
            assertTrue(host.mapsContain("vivo_java.so"), "the shim is not loaded");
            assertFalse(host.mapsContain("libjvm.so"), "libjvm.so was loaded without an instance");
            assertFalse(host.threadNames().contains("vivo-java-jvm"));
            assertEquals(0, host.stop());
        }
    }

    @Test
    void javaToolOptionsOfTheEnvironmentDoNotBreakTheJvm() throws Exception {
        String config = service("") + """
                [INPUT]
                    name  dummy
                    count 5
                    rate  50
                """ + output("");
        try (Fbhost host = Fbhost.run(config).env("JAVA_TOOL_OPTIONS", "-XX:+UseG1GC -Xmx2g").start(dir)) {
            host.awaitLog("JAVA_TOOL_OPTIONS is set in Fluent Bit's environment \\('-XX:\\+UseG1GC -Xmx2g'\\); "
                    + "vivo_java's JVM does not use it: put JVM options in jvm_options");
            host.awaitEvent("inputs done generation=1 ok=5");
            assertEquals(0, host.stop());
        }
    }

    @Test
    void withoutJavaHomeTheNewestJdkInTheUsualPlacesIsUsed() throws Exception {
        String config = service("") + output("");
        try (Fbhost host = Fbhost.run(config).env("JAVA_HOME", null).start(dir)) {
            host.awaitLog("JVM started: JDK \\d+ at /usr/lib/jvm/[^ ]+ \\(the newest JDK >= 17 in /usr/lib/jvm, .*\\)");
            assertEquals(0, host.stop());
        }
    }

    @Test
    void theJavaHomePropertyWinsOverTheEnvironment() throws Exception {
        String config = service("") + output("    java_home " + Jdk.JDK17.home);
        try (Fbhost host = Fbhost.run(config).jdk(Jdk.JDK25).env("LD_PRELOAD", Jdk.JDK17.libjsig().toString())
                .start(dir)) {
            host.awaitLog("JVM started: JDK 17 at " + Jdk.JDK17.home.toRealPath() + " \\(java_home\\)");
            host.awaitLog("with the jnr-ffi bridge");
            assertEquals(0, host.stop());
        }
    }

    static long javaCount(List<String> log, String instance) {
        return log.stream()
                .map(Counts.JAVA::matcher)
                .filter(java.util.regex.Matcher::matches)
                .map(Counts.Java::of)
                .filter(j -> j.instance().equals(instance))
                .mapToLong(Counts.Java::chunks)
                .sum();
    }
}
