package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Without LD_PRELOAD: the shim keeps the JVM's SIGSEGV/SIGFPE handlers first by itself (native/signals.c)
 * while the host re-installs its own on every SIGHUP and SIGCONT, as Fluent Bit does. The JVM is made to
 * take those signals all the time (FaultsAgent): a shim built without the guard dies at the first signal
 * of the same storm, which is what shows the storm tests something.
 */
class SignalsIT {

    @TempDir
    Path dir;

    private static final Path UNGUARDED = Fbhost.BUILD.resolve("test/unguarded/vivo_java.so").toAbsolutePath();
    private static final Path JAR = Fbhost.BUILD.resolve("vivo-java.jar").toAbsolutePath();

    private String config(String extra) throws IOException, URISyntaxException {
        return """
                [SERVICE]
                    log_level info
                [INPUT]
                    name    dummy
                    rate    400
                    count   0
                    records 200
                [OUTPUT]
                    name        vivo_java
                    match       *
                    http_port   0
                    jar_path    %s
                    jvm_options -Xmx24m -Xlog:gc:stderr -javaagent:%s -XX:CompileCommand=quiet -XX:CompileCommand=exclude,vivo.it.FaultsAgent::*
                %s
                """.formatted(JAR, faultsAgent(), extra);
    }

    /**
     * HUP and CONT, alternately, each pair once the host has answered the one before, at least
     * {@code signals} of them and on until {@code collections} garbage collections ran meanwhile (bounded).
     */
    static void storm(Fbhost host, int signals, int collections) throws Exception {
        long gcBefore = collections(host);
        long deadline = System.nanoTime() + Fbhost.WAIT.toNanos();
        for (int i = 1; i <= signals || collections(host) < gcBefore + collections; i++) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + collections + " collections during "
                    + i + " signals; " + host.transcript());
            host.signal(i % 2 == 0 ? "HUP" : "CONT");
            if (i % 2 == 0) {
                host.awaitLogCount("hot reloading is not enabled", i / 2);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fbhost", "test/bindnow/fbhost"})
    void withoutLibjsigTheJvmKeepsItsHandlersThroughASighupAndSigcontStorm(String executable) throws Exception {
        try (Fbhost host = Fbhost.run(config("")).executable(Fbhost.BUILD.resolve(executable).toAbsolutePath())
                .start(dir)) {
            host.awaitEvent("ready generation=1.*");
            host.awaitLog("vivo-test-faults: \\d+ faults taken");
            storm(host, 40, 2);
            host.awaitLog("vivo-test-faults: [1-9]\\d{3,} faults taken");
            assertEquals(0, host.stop(), host.transcript());
        }
    }

    @Test
    void aShimWithoutTheGuardDiesInTheSameStorm() throws Exception {
        try (Fbhost host = Fbhost.run(config("")).plugin(UNGUARDED).start(dir)) {
            host.awaitEvent("ready generation=1.*");
            host.awaitLog("vivo-test-faults: \\d+ faults taken");
            host.signal("CONT");
            host.awaitLog("\\[engine\\] caught signal, aborting");
            assertEquals(134, host.exitCode(), host.transcript());
        }
    }

    @Test
    void aCrashInTheHostsCodeStillReachesTheHostsHandlerAfterTheSignals() throws Exception {
        Path trigger = dir.resolve("crash-now");
        String config = config("""
                [OUTPUT]
                    name       crash_on_flush
                    match      *
                    crash_file %s
                """.formatted(trigger));
        try (Fbhost host = Fbhost.run(config)
                .alsoPlugin(Fbhost.BUILD.resolve("test/crash_on_flush.so").toAbsolutePath())
                .start(dir)) {
            host.awaitEvent("ready generation=1.*");
            storm(host, 4, 0);
            Files.createFile(trigger);
            host.awaitLog("\\[engine\\] caught signal, aborting");
            assertEquals(134, host.exitCode(), host.transcript());
        }
    }

    @Test
    void aHostTheGuardCannotRebindIsRefusedWithThePreloadToUse() throws Exception {
        try (Fbhost host = Fbhost.run(config(""))
                .executable(Fbhost.BUILD.resolve("test/bsd-signal/fbhost").toAbsolutePath()).start(dir)) {
            host.awaitLog("\\[error\\] \\[output:vivo_java:vivo_java.0\\] cannot start the JVM: libjsig.so is not "
                    + "preloaded and the shim cannot keep the JVM's signal handlers itself \\(the host executable "
                    + "does not call signal or sigaction through its GOT\\).*start Fluent Bit with LD_PRELOAD="
                    + Fbhost.Jdk.JDK25.home.toRealPath() + "/lib/libjsig.so");
            assertEquals(1, host.exitCode());
        }
    }

    /** Collections the JVM has logged so far (-Xlog:gc:stderr goes through the shim into the log). */
    static long collections(Fbhost host) {
        return host.log().stream().filter(l -> l.contains("jvm: ") && l.contains(" Pause ")).count();
    }

    /** FaultsAgent, from the test classes, in a jar of its own with its Premain-Class. */
    private Path faultsAgent() throws IOException, URISyntaxException {
        Path jar = dir.resolve("faults-agent.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path classes = Path.of(FaultsAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String entry = FaultsAgent.class.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), FaultsAgent.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry(entry));
            j.write(Files.readAllBytes(classes.resolve(entry)));
            j.closeEntry();
        }
        return jar;
    }
}
