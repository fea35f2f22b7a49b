package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle of ./build.sh dist (build.sh test makes it once), unpacked into a temporary folder and run
 * there alone: every JDK of the machine hidden (/usr/lib/jvm an empty tmpfs in a mount namespace of the
 * host's own), no JAVA_HOME, no LD_PRELOAD.
 */
class DistIT {

    @TempDir
    static Path unpacked;

    @TempDir
    Path work;

    static Path bundle;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(Fbhost.BUILD.resolve("dist"))) {
            tarball = files.filter(f -> f.getFileName().toString().matches("vivo_java-.+-linux-.+\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no bundle in build/dist: run ./build.sh test"));
        }
        run(List.of("tar", "-C", unpacked.toString(), "-xzf", tarball.toAbsolutePath().toString()));
        bundle = unpacked.resolve("vivo_java");
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    @Test
    void theBundleHoldsOneFolderWithTheShimTheJarTheRuntimeTheArchiveAndTheLicences() throws Exception {
        try (Stream<Path> top = Files.list(unpacked)) {
            assertEquals(List.of("vivo_java"), top.map(p -> p.getFileName().toString()).toList());
        }
        for (String file : List.of("vivo_java.so", "vivo-java.jar", "runtime/lib/server/libjvm.so", "vivo.jsa",
                "fluent-bit.conf", "plugins.conf", "THIRD-PARTY.md", "licenses/Apache-2.0.txt", "runtime/legal/java.base")) {
            assertTrue(Files.exists(bundle.resolve(file)), file);
        }
        assertTrue(Files.notExists(bundle.resolve("runtime/include")), "header files in the runtime");
        assertTrue(Files.notExists(bundle.resolve("runtime/man")), "man pages in the runtime");
    }

    /** dist/modules is what jdeps finds the jar needs, and what the runtime was linked from. */
    @Test
    void theRuntimeHasTheModulesJdepsFindsTheJarNeeds() throws Exception {
        String listed = Files.readString(Path.of("dist/modules")).strip();
        String jdeps = run(List.of(Fbhost.Jdk.JDK25.home.resolve("bin/jdeps").toString(), "--multi-release", "25",
                "--ignore-missing-deps", "--print-module-deps", Fbhost.BUILD.resolve("vivo-java.jar").toString())).strip();
        assertEquals(jdeps, listed, "dist/modules is not what jdeps finds: write its answer there");
        String release = Files.readString(bundle.resolve("runtime/release"));
        List<String> linked = Arrays.asList(release.replaceAll("(?s).*MODULES=\"([^\"]*)\".*", "$1").split(" "));
        for (String module : listed.split(",")) {
            assertTrue(linked.contains(module), module + " is not in the runtime: " + linked);
        }
    }

    @Test
    void aloneWithEveryJdkHiddenItServesLogsMetricsAndTracesAndSurvivesSignalsDuringCollections() throws Exception {
        String config = """
                [SERVICE]
                    log_level info
                [INPUT]
                    name    dummy
                    tag     app.logs
                    rate    200
                    count   0
                    records 50
                [INPUT]
                    name    chunks
                    dir     %1$s/metrics-multi-context
                    rate    20
                    count   0
                [INPUT]
                    name    chunks
                    dir     %1$s/traces-otlp
                    rate    20
                    count   0
                [OUTPUT]
                    name        vivo_java
                    match       *
                    http_port   0
                    jvm_options -Xmx24m -Xlog:gc:stderr
                """.formatted(Fbhost.FIXTURES.toAbsolutePath());
        try (Fbhost host = Fbhost.run(config).plugin(bundle.resolve("vivo_java.so"))
                .env("JAVA_HOME", null).hideJdks().start(work)) {
            host.awaitLog("JVM started: JDK 25 at " + bundle.toRealPath().resolve("runtime")
                    + " \\(the runtime beside vivo_java.so\\), with its class-data archive");
            int port = host.httpPort();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String path : List.of("/logs", "/metrics", "/traces")) {
                awaitEntries(client, port, path);
            }
            SignalsIT.storm(host, 20, 1);
            HttpResponse<String> logs = client.send(get(port, "/api/v1/logs?limit=1"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, logs.statusCode());
            assertTrue(logs.body().startsWith("{\"tag\":\"app.logs\""), logs.body());
            assertEquals(0, host.stop(), host.transcript());
            assertTrue(host.log().stream().noneMatch(l -> l.contains("[warn]") && l.contains("cds")), host.transcript());
        }
    }

    private static void awaitEntries(HttpClient client, int port, String path) throws Exception {
        Fbhost.until(path + " has entries", Fbhost.WAIT, () -> client.send(get(port, path), HttpResponse.BodyHandlers.ofString()),
                r -> r.statusCode() == 200 && !r.body().isEmpty());
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
    }
}
