package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

    /** The threads the shim, Java's instances and the host's pipeline own: the ones that must not pile up. */
    private static long ours(List<String> names) {
        return names.stream().filter(n -> n.startsWith("vivo-java") || n.startsWith("flb-")).count();
    }
}
