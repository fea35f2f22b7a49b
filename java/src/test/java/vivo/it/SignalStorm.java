package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a process one signal, or several in turn, many times a second. Java cannot signal another
 * process, and a {@code kill} process per signal would cost more than the signals: one shell reads the
 * signal names from its standard input and sends each with its builtin {@code kill}, so the rate is the
 * one this class paces. A {@code kill} that fails (the target died) ends the shell with an error.
 */
final class SignalStorm {

    private SignalStorm() {
    }

    /** Sends {@code names} in turn for {@code length}, one every {@code every}; returns how many the shell sent. */
    static long send(long pid, List<String> names, Duration length, Duration every) throws IOException,
            InterruptedException {
        Process shell = new ProcessBuilder("bash", "-c",
                "n=0; while read -r s; do kill -s \"$s\" " + pid + " || exit 1; n=$((n + 1)); done; echo $n")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long end = System.nanoTime() + length.toNanos();
        long tick = System.nanoTime();
        try (OutputStream lines = shell.getOutputStream()) {
            for (int i = 0; System.nanoTime() < end && shell.isAlive(); i++) {
                lines.write((names.get(i % names.size()) + "\n").getBytes(StandardCharsets.US_ASCII));
                lines.flush();
                tick += every.toNanos();
                LockSupport.parkNanos(tick - System.nanoTime());   // pacing the storm, not waiting for an outcome
            }
        } catch (IOException e) {
            // the shell ended early: its exit code below says why
        }
        if (!shell.waitFor(Fbhost.WAIT.toSeconds(), TimeUnit.SECONDS)) {
            shell.destroyForcibly();
            throw new AssertionError("the signalling shell did not end");
        }
        String sent = new String(shell.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertEquals(0, shell.exitValue(), "kill failed: the process is gone (after " + sent + " signals)");
        return Long.parseLong(sent);
    }
}
