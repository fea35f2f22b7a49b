package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vivo.it.Fbhost.Jdk;

/**
 * SIGHUP and SIGCONT storms while Java allocates and collects (issue 10, item 6; RELIABILITY.md "Signal
 * storms"). Fluent Bit re-installs its SIGSEGV and SIGFPE handlers from inside its handler of each of
 * these signals; the JVM relies on its own handlers of those signals (safepoint polls, implicit null
 * checks), and the shim's guard (native/signals.c: no libjsig preloaded) keeps them first. A small heap, a busy drain and
 * readers of the API make Java collect all through the storm (-Xlog:gc to a file counts it: to stderr,
 * the JVM would hold stderr's lock while the shim takes the host's log lock, which the host's own lines
 * take in the other order; RELIABILITY.md). Zero crashes: the host
 * is alive at the end and stops cleanly, no reader was refused, and every chunk the host was told was
 * accepted reached Java.
 */
class SignalStormIT {

    @TempDir
    Path dir;

    private static final Duration STORM = Duration.ofSeconds(Soak.pick(4, 60));
    /** A signal every millisecond: a thousand a second. */
    private static final Duration EVERY = Duration.ofMillis(1);

    private static final String CONFIG = """
            [SERVICE]
                grace     5
                log_level info
            [INPUT]
                name    dummy
                rate    400
                count   0
                records 200
            [OUTPUT]
                name              vivo_java
                match             *
                http_port         0
                workers           2
                retry_limit       no_limits
                stream_queue_size 4M
                jvm_options       -Xmx24m -Xlog:gc:file=gc.log
            """;

    @ParameterizedTest(name = "{0}, SIG{1}")
    @CsvSource({"JDK25, HUP", "JDK25, CONT", "JDK17, HUP", "JDK17, CONT"})
    void aStormOfOneSignalWhileJavaCollectsCrashesNothing(Jdk jdk, String signal) throws Exception {
        storm(jdk, List.of(signal));
    }

    /**
     * SIGHUP and SIGCONT in turn. With libjsig preloaded this hangs the whole process within a second (seen in
     * fbhost and in a real Fluent Bit 5.1.1): each handler calls signal(), which libjsig serves under a
     * pthread mutex, and a SIGCONT that lands on a thread inside the SIGHUP handler (or the other way round)
     * waits for the mutex its own thread holds; every other thread then blocks in its next handler (gdb:
     * every thread in signal_lock(), from set_signal(), from the host's handler). The shim's own guard
     * (native/signals.c, no preload) takes no lock there, so the storms here run without the preload.
     */
    @ParameterizedTest(name = "{0}, SIGHUP and SIGCONT in turn")
    @CsvSource({"JDK25", "JDK17"})
    void aStormOfSighupAndSigcontInTurnCrashesNothing(Jdk jdk) throws Exception {
        storm(jdk, List.of("HUP", "CONT"));
    }

    private void storm(Jdk jdk, List<String> signals) throws Exception {
        try (Fbhost host = Fbhost.run(CONFIG).jdk(jdk).start(dir)) {
            int port = host.httpPort();
            host.awaitEvent("ready generation=1.*");
            long sent;
            long collections;
            try (StreamReader a = StreamReader.whole(port); StreamReader b = StreamReader.whole(port);
                 StreamReader follower = StreamReader.follow(port)) {
                Fbhost.until("requests answered before the storm", Fbhost.WAIT, a::requests, n -> n > 0);
                long before = collections();
                long start = System.nanoTime();
                sent = SignalStorm.send(host.pid(), signals, STORM, EVERY);
                double seconds = (System.nanoTime() - start) / 1e9;
                // a JVM stuck at a safepoint stops collecting, a host stuck in a handler stops logging
                collections = collections() - before;
                assertTrue(host.isAlive(), "fbhost died in the storm; " + host.transcript());
                long requests = a.requests() + b.requests() + follower.requests();
                Fbhost.until("requests answered after the storm", Fbhost.WAIT,
                        () -> a.requests() + b.requests() + follower.requests(), n -> n > requests);
                for (StreamReader r : List.of(a, b, follower)) {
                    assertEquals(List.of(), r.problems(), "what a reader found wrong");
                    assertEquals(0, r.refused() + r.unavailable(), "requests refused or answered 503: " + r);
                }
                Soak.figures("signal storm " + jdk + " " + signals, "%d signals in %.1f s (%.0f/s), %d collections "
                                + "during the storm; readers %s; %s; follower %s", sent, seconds, sent / seconds,
                        collections, a, b, follower);
            }
            assertEquals(0, host.stop(), host.transcript());
            Counts.Host flushed = Counts.Host.of(host.awaitEvent(Counts.Host.EVENT));
            assertEquals(flushed.ok(), Counts.Java.of(host.awaitLog(Counts.Java.LOG)).chunks());
            assertFalse(host.log().stream().anyMatch(l -> l.contains("caught signal, aborting")), host.transcript());
            assertFalse(Files.exists(Path.of("/tmp/vivo_java_hs_err_pid" + host.pid() + ".log")), "the JVM crashed");
            assertTrue(sent >= STORM.toMillis() / EVERY.toMillis() / 4, "only " + sent + " signals were sent");
            assertTrue(collections >= Soak.pick(2, 20), "only " + collections + " collections during the storm");
        }
    }

    /** Collections the JVM has logged so far (-Xlog:gc:file=gc.log, in fbhost's working directory). */
    private long collections() throws java.io.IOException {
        Path log = dir.resolve("gc.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(" Pause ")).count() : 0;
    }
}
