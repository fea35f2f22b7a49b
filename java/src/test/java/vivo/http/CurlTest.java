package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command-line client people use: curl over HTTP/1.1, HTTP/2 by prior knowledge, and HTTP/2 by upgrade. */
class CurlTest {

    private static TestServer server;
    @TempDir
    Path dir;

    record Result(String httpVersion, int status, List<String> headerLines, String body) {
        Optional<String> header(String name) {
            return headerLines.stream()
                    .filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .reduce((a, b) -> b);
        }
    }

    @BeforeAll
    static void fourEntries() throws Exception {
        // .ci/run installs curl: a machine without it fails here rather than skipping the tests
        assertTrue(curlWithHttp2(), "curl with HTTP2 support is not installed: apt-get install -y curl");
        server = TestServer.start("curl");
        for (int i = 0; i < 4; i++) {
            server.streams.append(TwoViews.log("t", "{\"n\":" + i + "}"));
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static boolean curlWithHttp2() {
        try {
            Process p = new ProcessBuilder("curl", "-V").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && out.contains("HTTP2");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private Result curl(String flags, String pathAndQuery) throws Exception {
        Path headers = dir.resolve("headers");
        Path body = dir.resolve("body");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "-D", headers.toString(),
                "-o", body.toString(), "-w", "%{http_version} %{response_code}"));
        if (!flags.isBlank()) {
            command.addAll(List.of(flags.trim().split(" +")));
        }
        command.add(server.uri(pathAndQuery).toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "curl ended");
        assertEquals(0, p.exitValue(), "curl: " + out);
        String[] versionAndStatus = out.trim().split(" ");
        String bodyText = Files.exists(body) ? Files.readString(body) : "";
        return new Result(versionAndStatus[0], Integer.parseInt(versionAndStatus[1]),
                Files.readAllLines(headers, StandardCharsets.ISO_8859_1), bodyText);
    }

    @ParameterizedTest(name = "curl {0}")
    @CsvSource({"'--http1.1', 1.1", "'--http2-prior-knowledge', 2", "'--http2', 2"})
    void theQueryIsHonouredOverEveryProtocolUnlikeCV5OverHttp11(String flags, String expectedVersion) throws Exception {
        Result r = curl(flags, "/api/v1/logs?from=1&to=2");
        assertEquals(expectedVersion, r.httpVersion(), "--http2 upgrades with h2c; C answers it in HTTP/1.1");
        assertEquals(200, r.status());
        assertEquals(Optional.of("1"), r.header("vivo-stream-start-id"));
        assertEquals(Optional.of("2"), r.header("vivo-stream-end-id"));
        assertEquals(Optional.of("3"), r.header("vivo-stream-next-id"), "after to");
        assertEquals(Optional.of("4"), r.header("vivo-stream-tail-id"));
        assertEquals(Optional.of("application/x-ndjson"), r.header("content-type"));
        assertEquals(Optional.of("*"), r.header("access-control-allow-origin"));
        assertEquals(TwoViews.log("t", "{\"n\":1}").apiV1() + TwoViews.log("t", "{\"n\":2}").apiV1(), r.body());
        assertEquals(Optional.of(String.valueOf(r.body().length())), r.header("content-length"));
    }

    @ParameterizedTest(name = "curl {0}")
    @CsvSource({"'--http1.1'", "'--http2-prior-knowledge'", "'--http2'"})
    void headGivesTheHeadersAndNoBody(String flags) throws Exception {
        Result r = curl(flags + " -I", "/logs?limit=1");
        assertEquals(200, r.status());
        assertEquals(Optional.of("0"), r.header("vivo-stream-end-id"));
        assertEquals(Optional.of(String.valueOf(TwoViews.log("t", "{\"n\":0}").classic().length())), r.header("content-length"));
        assertEquals(String.join("\r\n", r.headerLines()) + "\r\n", r.body(), "with -I, curl writes the headers as the output");
    }

    @ParameterizedTest(name = "curl {0}")
    @CsvSource({"'--http1.1'", "'--http2-prior-knowledge'", "'--http2'"})
    void errorsAreJsonOverEveryProtocol(String flags) throws Exception {
        assertEquals("{\"error\":\"limit: expecting a positive integer; found 'x'\"}\n", curl(flags, "/logs?limit=x").body());
        assertEquals(404, curl(flags, "/api/v1/nope").status());
        assertEquals(405, curl(flags + " -X DELETE", "/logs").status());
        assertEquals(204, curl(flags + " -X OPTIONS", "/logs").status());
    }
}
