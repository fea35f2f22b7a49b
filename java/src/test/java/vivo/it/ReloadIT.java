package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import vivo.it.Fbhost.Jdk;

/**
 * Hot reload, as Fluent Bit does it (host-abi.md 8.3): Register of the new generation before the old
 * instances exit, then Unregister and dlclose of the old, then Init of the new; many times over.
 */
class ReloadIT {

    @TempDir
    Path dir;

    private static final String CONFIG = """
            [SERVICE]
                grace     5
                log_level info
            [INPUT]
                name    dummy
                rate    50
                count   0
                records 5
            [OUTPUT]
                name      vivo_java
                match     *
                http_port 0
                workers   2
            [OUTPUT]
                name      vivo_java
                match     *
                http_port 0
            """;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void reloadingManyTimesLeaksNoThreadNoFileAndLosesNoChunk(Jdk jdk) throws Exception {
        try (Fbhost host = Fbhost.run(CONFIG).jdk(jdk).hotReload().start(dir)) {
            host.awaitEvent("ready generation=1.*");
            long[] threads = new long[12];
            long[] files = new long[12];
            long[] rss = new long[12];
            for (int generation = 2; generation <= 11; generation++) {
                host.signal("HUP");
                host.awaitEvent("ready generation=" + generation + ".*");
                Fbhost.pause(300);
                threads[generation] = ours(host.threadNames());
                files[generation] = host.openFiles();
                rss[generation] = host.rssKilobytes();
            }
            assertEquals(threads[4], threads[11], "threads of the plugin and the host after reload 3 and 10");
            assertEquals(files[4], files[11], "open files after reload 3 and 10");
            assertTrue(rss[11] - rss[4] < 40_000, "RSS grew by " + (rss[11] - rss[4]) + " kB over 7 reloads");

            assertEquals(0, host.stop());
            long flushed = host.events().stream()
                    .map(l -> java.util.regex.Pattern.compile("fbhost: " + Counts.Host.EVENT).matcher(l))
                    .filter(java.util.regex.Matcher::matches)
                    .mapToLong(m -> Counts.Host.of(m).ok())
                    .sum();
            List<String> log = host.log();
            long java = ShimIT.javaCount(log, "vivo_java.0") + ShimIT.javaCount(log, "vivo_java.1");
            assertTrue(flushed > 0);
            assertEquals(flushed, java, "chunks the host was told were accepted, and chunks Java took");
        }
    }

    /**
     * A reload that changes the listener leaves the old listener's streams kept for nobody. 2.1 has no
     * PreRun, where they are dropped on later hosts: there the next reload's start drops them, so they
     * never pile up.
     */
    @ParameterizedTest
    @ValueSource(strings = {"2.1.0", "5.1.1"})
    void streamsKeptForAListenerThatIsGoneAreDropped(String hostVersion) throws Exception {
        // each generation listens on another loopback address: a listener the next one does not have
        String config = """
                [INPUT]
                    name  dummy
                    rate  20
                    count 0
                [OUTPUT]
                    name        vivo_java
                    match       *
                    http_listen 127.0.0.%d
                    http_port   0
                """;
        try (Fbhost host = Fbhost.run(config.formatted(1)).host(hostVersion).hotReload().start(dir)) {
            host.awaitEvent("ready generation=1.*");
            for (int generation = 2; generation <= 4; generation++) {
                Files.writeString(dir.resolve("fluent-bit.conf"), config.formatted(generation));
                host.signal("HUP");
                host.awaitEvent("ready generation=" + generation + ".*");
                host.awaitLog("listening on 127.0.0." + generation + ":");
            }
            assertEquals(0, host.stop());
            long drops = host.log().stream()
                    .filter(l -> l.contains("dropped the streams of 1 listener(s) that no longer exist after the reload"))
                    .count();
            // with PreRun each reload drops the last one's streams; without, the next reload's start does
            assertEquals(hostVersion.equals("2.1.0") ? 2 : 3, drops, host.transcript());
        }
    }

    /** The threads the shim, Java's instances and the host's pipeline own: the ones that must not pile up. */
    private static long ours(List<String> names) {
        return names.stream().filter(n -> n.startsWith("vivo-java") || n.startsWith("flb-")).count();
    }
}
