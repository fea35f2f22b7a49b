package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.it.Fbhost.Jdk;

/**
 * Shutdown (issue 10, item 9; RELIABILITY.md "Shutdown"): SIGTERM under full load loses nothing the host
 * was told was accepted and ends within the host's grace period; a Java that does not answer at all
 * cannot hang Fluent Bit, because the shim stops waiting for it after 10 s (shim.c, STOP_TIMEOUT_S).
 */
class ShutdownIT {

    @TempDir
    Path dir;

    private static final int GRACE_S = 5;
    private static final int SHIM_STOP_TIMEOUT_S = 10;

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void sigtermUnderFullLoadLosesNothingAcceptedAndEndsWithinTheGracePeriod(Jdk jdk) throws Exception {
        String config = """
                [SERVICE]
                    grace     %d
                    log_level info
                [INPUT]
                    name    dummy
                    rate    2000
                    count   0
                    records 50
                [OUTPUT]
                    name        vivo_java
                    match       *
                    http_port   0
                    workers     2
                    retry_limit no_limits
                """.formatted(GRACE_S);
        try (Fbhost host = Fbhost.run(config).jdk(jdk).start(dir)) {
            int port = host.httpPort();
            host.awaitEvent("ready generation=1.*");
            long start;
            try (StreamReader reader = StreamReader.whole(port); StreamReader follower = StreamReader.follow(port)) {
                Fbhost.until("chunks in the stream before SIGTERM", Fbhost.WAIT, follower::next, n -> n >= 1000);
                start = System.nanoTime();
                host.signal("TERM");
            }
            assertEquals(0, host.exitCode(), host.transcript());
            double seconds = (System.nanoTime() - start) / 1e9;
            Counts.Host flushed = Counts.Host.of(host.awaitEvent(Counts.Host.EVENT));
            Counts.Java java = Counts.Java.of(host.awaitLog(Counts.Java.LOG));
            Soak.figures("shutdown " + jdk, "SIGTERM to exit %.2f s; host ok=%d retried=%d dropped=%d; Java took %d",
                    seconds, flushed.ok(), flushed.retried(), flushed.dropped(), java.chunks());
            assertEquals(flushed.ok(), java.chunks(), "chunks the host was told were accepted, and chunks Java took");
            assertEquals(0, flushed.dropped(), host.transcript());
            assertFalse(host.log().stream().anyMatch(l -> l.contains("did not stop within")), host.transcript());
            assertTrue(seconds < GRACE_S, "stopping took " + seconds + " s, past the grace period");
        }
    }

    /**
     * Java stuck, emulated without a hook in the plugin: the JVM runs the JDK's own debugger agent (JDWP,
     * from jvm_options), and the test suspends every Java thread through it (JDI's VirtualMachine.suspend),
     * as a deadlock or a pause that never ends would. The drain then never answers the shim's close, the
     * shim gives up after its deadline, and the host exits.
     */
    @Test
    void aStuckJavaDoesNotHangFluentBit() throws Exception {
        String config = """
                [SERVICE]
                    grace     2
                    log_level info
                [INPUT]
                    name    dummy
                    rate    200
                    count   0
                [OUTPUT]
                    name        vivo_java
                    match       *
                    http_port   0
                    jvm_options -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0
                """;
        try (Fbhost host = Fbhost.run(config).start(dir)) {
            host.awaitEvent("ready generation=1.*");
            String port = host.awaitOutput("Listening for transport dt_socket at address: (\\d+)").group(1);
            VirtualMachine vm = attach(port);
            long start;
            try {
                vm.suspend();
                start = System.nanoTime();
                host.signal("TERM");
                assertEquals(0, host.exitCode(), host.transcript());
            } finally {
                try {
                    vm.dispose();
                } catch (RuntimeException gone) {
                    // the process, and the debugger connection with it, has ended
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Soak.figures("stuck Java", "SIGTERM to exit %.2f s (grace 2 s, then the shim's %d s)", seconds,
                    SHIM_STOP_TIMEOUT_S);
            host.awaitLog("Java did not stop within " + SHIM_STOP_TIMEOUT_S + " s; leaving it to finish alone");
            assertTrue(seconds < 2 + SHIM_STOP_TIMEOUT_S + 5, "stopping took " + seconds + " s");
        }
    }

    private static VirtualMachine attach(String port) throws Exception {
        List<AttachingConnector> connectors = Bootstrap.virtualMachineManager().attachingConnectors();
        AttachingConnector socket = connectors.stream().filter(c -> c.transport().name().equals("dt_socket"))
                .findFirst().orElseThrow();
        Map<String, Connector.Argument> args = socket.defaultArguments();
        args.get("hostname").setValue("127.0.0.1");
        args.get("port").setValue(port);
        return socket.attach(args);
    }
}
