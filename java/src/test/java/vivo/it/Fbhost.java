package vivo.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run of the host emulator (tests/host, built by build.sh as build/fbhost) with the shim loaded,
 * for end-to-end tests: starts it, follows its stdout events and stderr log, signals it, stops it.
 * Every wait is bounded; a failed wait reports what the process printed.
 */
final class Fbhost implements AutoCloseable {

    static final Path BUILD = Path.of(System.getProperty("vivo.build.dir", "build"));
    static final Path SHIM = BUILD.resolve("vivo_java.so");
    static final Path FIXTURES = Path.of(System.getProperty("vivo.fixtures.dir", "tests/fixtures"));
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Duration POLL = Duration.ofMillis(20);

    /** The JDKs the plugin is tested on: one per bridge. */
    enum Jdk {
        JDK25(System.getProperty("vivo.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"), "Panama"),
        JDK17(System.getProperty("vivo.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64"), "jnr-ffi");

        final Path home;
        final String bridge;

        Jdk(String home, String bridge) {
            this.home = Path.of(home);
            this.bridge = bridge;
        }

        Path libjsig() {
            return home.resolve("lib/libjsig.so");
        }
    }

    private final Process process;
    private final Lines out;
    private final Lines err;

    private Fbhost(Process process) {
        this.process = process;
        this.out = new Lines(process.getInputStream());
        this.err = new Lines(process.getErrorStream());
    }

    /** Builder of a run: the config text, the JDK, the host version and the environment. */
    static final class Run {
        private final String config;
        private Jdk jdk = Jdk.JDK25;
        private String hostVersion;
        /** Off, as the plugin is meant to run (the shim's own guard, native/signals.c); on to test the preload. */
        private boolean preloadLibjsig;
        private boolean hotReload;
        private boolean hideJdks;
        private Path executable = BUILD.resolve("fbhost");
        private final List<String> plugins = new ArrayList<>(List.of(SHIM.toString()));
        private final Map<String, String> env = new java.util.HashMap<>();

        Run(String config) {
            this.config = config;
        }

        Run jdk(Jdk value) {
            jdk = value;
            return this;
        }

        Run host(String version) {
            hostVersion = version;
            return this;
        }

        /** LD_PRELOAD of the JDK's libjsig, which users of older versions set and the plugin still accepts. */
        Run withLibjsig() {
            preloadLibjsig = true;
            return this;
        }

        Run hotReload() {
            hotReload = true;
            return this;
        }

        /** Another build of the emulator (build.sh test makes some in build/test/). */
        Run executable(Path path) {
            executable = path;
            return this;
        }

        /** Runs the host where /usr/lib/jvm is an empty tmpfs (a mount namespace of its own: unshare -m). */
        Run hideJdks() {
            hideJdks = true;
            return this;
        }

        Run plugin(Path path) {
            plugins.clear();
            plugins.add(path.toString());
            return this;
        }

        /** One more -e, after the others. */
        Run alsoPlugin(Path path) {
            plugins.add(path.toString());
            return this;
        }

        Run noCliPlugin() {
            plugins.clear();
            return this;
        }

        /** Sets a variable of fbhost's environment; null removes it. */
        Run env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Fbhost start(Path dir) throws IOException {
            Path conf = dir.resolve("fluent-bit.conf");
            Files.writeString(conf, config);
            List<String> command = new ArrayList<>(List.of(executable.toString(), "-c", conf.toString()));
            for (String plugin : plugins) {
                command.add("-e");
                command.add(plugin);
            }
            if (hostVersion != null) {
                command.add("-v");
                command.add(hostVersion);
            }
            if (hotReload) {
                command.add("-Y");
            }
            if (hideJdks) {
                // the mount is private to the new namespace; exec keeps fbhost's pid the one the test signals
                command.addAll(0, List.of("unshare", "-m", "sh", "-c", "mount -t tmpfs none /usr/lib/jvm && exec \"$0\" \"$@\""));
            }
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            Map<String, String> e = pb.environment();
            e.remove("JAVA_TOOL_OPTIONS");
            e.remove("_JAVA_OPTIONS");
            e.put("JAVA_HOME", jdk.home.toString());
            if (preloadLibjsig) {
                e.put("LD_PRELOAD", jdk.libjsig().toString());
            } else {
                e.remove("LD_PRELOAD");
            }
            env.forEach((name, value) -> {
                if (value == null) {
                    e.remove(name);
                } else {
                    e.put(name, value);
                }
            });
            return new Fbhost(pb.start());
        }
    }

    static Run run(String config) {
        return new Run(config);
    }

    /**
     * The lines of one of the process's streams, read by a thread of its own. A waiter is woken by each
     * new line and by the end of the stream, so nobody has to guess how long the reader needs.
     */
    private static final class Lines {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;
        private boolean ended;

        Lines(InputStream stream) {
            reader = new Thread(() -> read(stream), "fbhost-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read(InputStream stream) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    add(line);
                }
            } catch (IOException e) {
                add("(reading failed: " + e + ")");
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        private synchronized void add(String line) {
            lines.add(line);
            notifyAll();
        }

        /** The nth line (from 1) that matches, or null once the stream has ended or the deadline passed. */
        synchronized Matcher await(Pattern pattern, int nth, long deadlineNanos) throws InterruptedException {
            for (int seen = 0, matched = 0; ; ) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.matches() && ++matched == nth) {
                        return m;
                    }
                }
                long left = deadlineNanos - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** Waits until the process closed the stream (it exited), at most until the deadline. */
        void awaitEnd(long deadlineNanos) throws InterruptedException {
            reader.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        }

        synchronized List<String> copy() {
            return List.copyOf(lines);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a stdout event line (without the "fbhost: " prefix) matching {@code regex}. */
    Matcher awaitEvent(String regex) {
        return await(out, Pattern.compile("fbhost: " + regex), 1, WAIT);
    }

    /** Waits for a stdout line matching {@code regex} that is not fbhost's (what a JVM agent prints, say). */
    Matcher awaitOutput(String regex) {
        return await(out, Pattern.compile(regex), 1, WAIT);
    }

    /** Waits for a log line matching {@code regex}. */
    Matcher awaitLog(String regex) {
        return awaitLog(regex, 1);
    }

    /** Waits for the {@code nth} log line (from 1) matching {@code regex}. */
    Matcher awaitLog(String regex, int nth) {
        return await(err, Pattern.compile(".*" + regex + ".*"), nth, WAIT);
    }

    private Matcher await(Lines lines, Pattern pattern, int nth, Duration timeout) {
        Matcher m;
        try {
            m = lines.await(pattern, nth, System.nanoTime() + timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m = null;
        }
        if (m == null) {
            fail("no line " + (nth > 1 ? nth + " " : "") + "matching /" + pattern + "/ within " + timeout.toSeconds()
                    + " s (or before fbhost exited); " + transcript());
        }
        return m;
    }

    /**
     * Waits until {@code condition} holds, checking it every {@code POLL} up to {@code timeout}, for state that
     * tells nobody when it changes (/proc, the HTTP API); fails naming {@code what} and the last value seen.
     */
    static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<T> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = probe.get();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                fail(what + ": still " + value + " after " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(POLL.toNanos());
            value = probe.get();
        }
        return value;
    }

    /** A look at some state; it may fail, as reading /proc or a socket may. */
    interface Probe<T> {
        T get() throws Exception;
    }

    /** Waits until {@code count} log lines match {@code regex}. */
    void awaitLogCount(String regex, long count) throws Exception {
        Pattern pattern = Pattern.compile(".*" + regex + ".*");
        until("lines matching /" + pattern + "/ (" + count + " wanted; " + transcript() + ")", WAIT,
                () -> log().stream().filter(l -> pattern.matcher(l).matches()).count(), n -> n >= count || !process.isAlive());
        if (log().stream().filter(l -> pattern.matcher(l).matches()).count() < count) {
            fail(count + " lines matching /" + pattern + "/ did not come: fbhost ended; " + transcript());
        }
    }

    /** The port the plugin logged it listens on (http_port 0 picks a free one). */
    int httpPort() {
        return httpPort(1);
    }

    /**
     * The port of the {@code nth} listener the plugin logged, counting from 1: with one instance, the port of
     * generation n (http_port 0 gets a new free port at each reload, and keeps the streams of ":0").
     */
    int httpPort(int nth) {
        return Integer.parseInt(awaitLog("listening on [^ ]+:(\\d+)", nth).group(1));
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            fail("kill -" + name + " failed");
        }
    }

    /** SIGTERM, then the exit code (bounded wait). */
    int stop() throws IOException, InterruptedException {
        signal("TERM");
        return exitCode();
    }

    /** The exit code, once the process has exited and its last lines are read (bounded wait). */
    int exitCode() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            fail("fbhost did not exit within " + WAIT.toSeconds() + " s; " + transcript());
        }
        out.awaitEnd(deadline);
        err.awaitEnd(deadline);
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> log() {
        return err.copy();
    }

    List<String> events() {
        return out.copy();
    }

    /** The names of the process's threads, from /proc. */
    List<String> threadNames() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    return "?";   // a thread that just ended
                }
            }).toList();
        }
    }

    long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return fds.count();
        }
    }

    long rssKilobytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    boolean mapsContain(String text) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid()), "maps")).contains(text);
    }

    String transcript() {
        return "fbhost stdout:\n  " + String.join("\n  ", events()) + "\nfbhost stderr:\n  " + String.join("\n  ", log());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
