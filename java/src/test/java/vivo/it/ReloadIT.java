package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hot reload, as Fluent Bit does it (host-abi.md 8.3): Register of the new generation before the old
 * instances exit, then Unregister and dlclose of the old, then Init of the new. Many reloads under load,
 * with threads, files and memory measured, are HotReloadSoakIT's.
 */
class ReloadIT {

    @TempDir
    Path dir;

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
}
