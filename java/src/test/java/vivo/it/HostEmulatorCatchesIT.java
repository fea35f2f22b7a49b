package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator must be able to fail: plugins with the two bugs the shim is built to avoid
 * (tests/host/bad) must not get through it cleanly. If these tests fail, the other end-to-end tests
 * prove less than they claim.
 */
class HostEmulatorCatchesIT {

    @TempDir
    Path dir;

    private static String config(String plugin) {
        return """
                [SERVICE]
                    grace 1
                [INPUT]
                    name  dummy
                    rate  50
                    count 20
                [OUTPUT]
                    name  %s
                    match *
                """.formatted(plugin);
    }

    @Test
    void writingEventTypeIntoTheDefinitionOfAnOldHostCrashesIt() throws Exception {
        Path bad = Fbhost.BUILD.resolve("test/event_type_always.so");
        try (Fbhost host = Fbhost.run(config("bad_event_type")).plugin(bad).host("4.2.2").start(dir)) {
            assertNotEquals(0, host.exitCode(), "fbhost let a write past a 32-byte definition through");
        }
        try (Fbhost host = Fbhost.run(config("bad_event_type")).plugin(bad).host("5.1.1").start(dir)) {
            host.awaitEvent("inputs done generation=1 ok=20");
            assertEquals(0, host.stop(), "the same plugin is fine where the host has the field");
        }
    }

    @Test
    void runningJavaOnTheFlushCoroutineFailsEveryFlush() throws Exception {
        Path bad = Fbhost.BUILD.resolve("test/java_on_flush.so");
        try (Fbhost host = Fbhost.run(config("bad_java_on_flush")).plugin(bad).host("4.2.2").start(dir)) {
            host.awaitEvent("ready generation=1.*");
            int exit = host.stop();
            long ok = host.events().stream()
                    .map(l -> java.util.regex.Pattern.compile("fbhost: " + Counts.Host.EVENT).matcher(l))
                    .filter(java.util.regex.Matcher::matches)
                    .mapToLong(m -> Counts.Host.of(m).ok())
                    .sum();
            // either the process died, or no flush that ran Java on the coroutine succeeded
            if (exit == 0) {
                assertEquals(0, ok, "Java ran on the coroutine stack and fbhost did not notice: " + host.transcript());
            }
        }
    }
}
