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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private final List<String> out = Collections.synchronizedList(new ArrayList<>());
    private final List<String> err = Collections.synchronizedList(new ArrayList<>());

    private Fbhost(Process process) {
        this.process = process;
        follow(process.getInputStream(), out);
        follow(process.getErrorStream(), err);
    }

    /** Builder of a run: the config text, the JDK, the host version and the environment. */
    static final class Run {
        private final String config;
        private Jdk jdk = Jdk.JDK25;
        private String hostVersion;
        private boolean preloadLibjsig = true;
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

        Run withoutLibjsig() {
            preloadLibjsig = false;
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

    private static void follow(InputStream stream, List<String> into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException e) {
                into.add("(reading failed: " + e + ")");
            }
        }, "fbhost-output");
        t.setDaemon(true);
        t.start();
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a stdout event line (without the "fbhost: " prefix) matching {@code regex}. */
    Matcher awaitEvent(String regex) {
        return await(out, Pattern.compile("fbhost: " + regex), WAIT);
    }

    /** Waits for a log line matching {@code regex}. */
    Matcher awaitLog(String regex) {
        return await(err, Pattern.compile(".*" + regex + ".*"), WAIT);
    }

    private Matcher await(List<String> lines, Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                for (; seen < lines.size(); seen++) {
                    Matcher m = pattern.matcher(lines.get(seen));
                    if (m.matches()) {
                        return m;
                    }
                }
            }
            if (!process.isAlive() && seen >= lines.size()) {
                pause(50);   // the reader threads may still hold the last lines
                synchronized (lines) {
                    if (seen >= lines.size()) {
                        break;
                    }
                }
            }
            pause(20);
        }
        fail("no line matching /" + pattern + "/ within " + timeout.toSeconds() + " s; " + transcript());
        return null;
    }

    /** Waits until {@code count} log lines match {@code regex}. */
    void awaitLogCount(String regex, long count) {
        Pattern pattern = Pattern.compile(".*" + regex + ".*");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (log().stream().filter(l -> pattern.matcher(l).matches()).count() < count) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                fail(count + " lines matching /" + pattern + "/ did not come within " + WAIT.toSeconds() + " s; "
                        + transcript());
            }
            pause(20);
        }
    }

    /** The port the plugin logged it listens on (http_port 0 picks a free one). */
    int httpPort() {
        return Integer.parseInt(awaitLog("listening on [^ ]+:(\\d+)").group(1));
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

    int exitCode() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            fail("fbhost did not exit within " + WAIT.toSeconds() + " s; " + transcript());
        }
        pause(100);   // let the reader threads take the last lines
        return process.exitValue();
    }

    List<String> log() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    List<String> events() {
        synchronized (out) {
            return List.copyOf(out);
        }
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

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
