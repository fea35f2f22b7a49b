package vivo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vivo.HostLog.Level;
import vivo.bridge.NativeBridge;

/** The stderr fallback: the shim's format, one place for it, and who uses it. */
class StderrLogTest {

    @Test
    void aLineHasTheShimsFormatWithTheNameBracketOnlyWhenThereIsAName() {
        assertEquals("[vivo_java] [error] [vivo_java.0] cannot call the shim from Java: x",
                StderrLog.line(Level.ERROR, "vivo_java.0", "cannot call the shim from Java: x"));
        assertEquals("[vivo_java] [ warn] [vivo_java.1] w", StderrLog.line(Level.WARN, "vivo_java.1", "w"));
        assertEquals("[vivo_java] [ info] dropped", StderrLog.line(Level.INFO, null, "dropped"));
        assertEquals("[vivo_java] [debug] d", StderrLog.line(Level.DEBUG, null, "d"));
        assertEquals("[vivo_java] [trace] t", StderrLog.line(Level.TRACE, null, "t"));
    }

    @Test
    void errorsWarningsAndInfoGoToStderrDebugAndTraceDoNot() {
        String written = stderrOf(() -> {
            StderrLog.NO_INSTANCE.error("e");
            StderrLog.NO_INSTANCE.warn("w");
            StderrLog.NO_INSTANCE.info("i");
            StderrLog.NO_INSTANCE.debug("d");
            StderrLog.NO_INSTANCE.log(Level.TRACE, "t");
        });
        assertEquals(List.of("[vivo_java] [error] e", "[vivo_java] [ warn] w", "[vivo_java] [ info] i"), written.lines().toList());
    }

    @Test
    void anInstanceLogGoesThroughTheShimUntilClosedThenToStderrUnderItsName() {
        List<String> shim = new ArrayList<>();
        InstanceLog log = new InstanceLog(recordingBridge(shim), 42, "vivo_java.3");
        String written = stderrOf(() -> {
            log.warn("before");
            log.close();
            log.warn("after");
            log.debug("not written");
        });
        assertEquals(List.of("42 " + Level.WARN.code + " before"), shim);
        assertEquals(List.of("[vivo_java] [ warn] [vivo_java.3] after"), written.lines().toList());
        assertTrue(log.enabled(Level.INFO));
        assertFalse(log.enabled(Level.DEBUG));
    }

    /** A bridge whose log and logEnabled record "instance level message" and enable every level. */
    private static NativeBridge recordingBridge(List<String> lines) {
        return (NativeBridge) Proxy.newProxyInstance(NativeBridge.class.getClassLoader(), new Class<?>[] {NativeBridge.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "log" -> {
                        lines.add(args[0] + " " + args[1] + " " + args[2]);
                        yield null;
                    }
                    case "logEnabled" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String stderrOf(Runnable run) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
