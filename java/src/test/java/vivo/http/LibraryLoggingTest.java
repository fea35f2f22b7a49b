package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import vivo.HostLog;

/** What java.util.logging gets, from the libraries or the JDK, reaches the right HostLog and never the console. */
class LibraryLoggingTest {

    @Test
    void aRecordOnAServersThreadIsThatServersAndOneElsewhereIsEveryServers() throws Exception {
        ServerThreads a = new ServerThreads("vivo-java-http-routing-a", () -> { });
        ServerThreads b = new ServerThreads("vivo-java-http-routing-b", () -> { });
        RecordingHostLog logA = new RecordingHostLog(HostLog.Level.INFO);
        RecordingHostLog logB = new RecordingHostLog(HostLog.Level.INFO);
        LibraryLogging.attach(logA, a.group());
        LibraryLogging.attach(logB, b.group());
        try {
            Logger xnio = Logger.getLogger("org.xnio.nio");
            runOn(a, () -> xnio.warning("on a"));
            runOn(b, () -> xnio.warning("on b"));
            xnio.warning("elsewhere");
            assertEquals(List.of("org.xnio.nio: on a", "org.xnio.nio: elsewhere"), logA.messages(HostLog.Level.WARN));
            assertEquals(List.of("org.xnio.nio: on b", "org.xnio.nio: elsewhere"), logB.messages(HostLog.Level.WARN));
        } finally {
            LibraryLogging.detach(a.group());
            LibraryLogging.detach(b.group());
        }
    }

    @Test
    void whatOtherLoggersLogGetsTheSameLevelsAndNoConsoleHandlerIsLeft() {
        ServerThreads threads = new ServerThreads("vivo-java-http-others", () -> { });
        RecordingHostLog log = new RecordingHostLog(HostLog.Level.DEBUG);
        LibraryLogging.attach(log, threads.group());
        try {
            Logger jnr = Logger.getLogger("jnr.ffi.provider.jffi.NativeRuntime");
            jnr.severe("an error of jnr-ffi's");
            jnr.warning("a warning of jnr-ffi's");
            jnr.info("a notice of jnr-ffi's");
            assertEquals(List.of("jnr.ffi.provider.jffi.NativeRuntime: an error of jnr-ffi's"), log.messages(HostLog.Level.ERROR));
            assertEquals(List.of("jnr.ffi.provider.jffi.NativeRuntime: a warning of jnr-ffi's"), log.messages(HostLog.Level.WARN));
            assertEquals(List.of("jnr.ffi.provider.jffi.NativeRuntime: a notice of jnr-ffi's"), log.messages(HostLog.Level.DEBUG));
            assertEquals(List.of(), Arrays.stream(Logger.getLogger("").getHandlers()).filter(h -> h instanceof ConsoleHandler).toList());
        } finally {
            LibraryLogging.detach(threads.group());
        }
    }

    @Test
    void onceNoServerIsAttachedWarningsGoToStderrInThePluginsFormatAndBannersNowhere() {
        ServerThreads stopped = new ServerThreads("vivo-java-http-stopped", () -> { });
        LibraryLogging.attach(new RecordingHostLog(HostLog.Level.DEBUG), stopped.group());
        LibraryLogging.detach(stopped.group());
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Logger undertow = Logger.getLogger("io.undertow");
            undertow.warning("a warning with no server");
            undertow.info("a banner with no server");
        } finally {
            System.setErr(original);
        }
        assertEquals(List.of("[vivo_java] [ warn] io.undertow: a warning with no server"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static void runOn(ServerThreads threads, Runnable task) throws InterruptedException {
        Thread thread = threads.newThread(task);
        thread.start();
        thread.join();
    }
}
