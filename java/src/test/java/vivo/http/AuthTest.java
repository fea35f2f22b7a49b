package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** http_auth_token and http_auth_token_file: a bearer token on every request but a CORS preflight. */
@Timeout(60)
class AuthTest {

    private static final String TOKEN = "s3cret-token_0123456789.~+/==";

    @TempDir
    Path dir;

    private static TestServer withToken() throws Exception {
        TestServer server = TestServer.start(TestServer.config("auth", "http_port", "0", "http_auth_token", TOKEN,
                "http_cors_allow_origin", "*"));
        server.streams.append(TwoViews.log("t", "{\"n\":1}"));
        return server;
    }

    private static HttpResponse<String> get(TestServer server, HttpClient.Version version, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HttpClient.newBuilder().version(version).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void withoutTheTokenEveryPathIs401WithWwwAuthenticateAndNothingOfAStream(HttpClient.Version version) throws Exception {
        try (TestServer server = withToken()) {
            for (String path : new String[] {"/logs", "/api/v1/metrics", "/", "/nope"}) {
                HttpResponse<String> r = get(server, version, path);
                assertEquals(401, r.statusCode(), path);
                assertEquals(Optional.of("Bearer realm=\"vivo_java\""), r.headers().firstValue("WWW-Authenticate"));
                assertEquals("{\"error\":\"this API needs Authorization: Bearer <the token of http_auth_token>\"}\n", r.body());
                assertEquals(Optional.of("*"), r.headers().firstValue("Access-Control-Allow-Origin"), "a page can read why");
                assertEquals(Optional.empty(), r.headers().firstValue("Vivo-Stream-Next-ID"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aWrongTokenIsAnInvalidToken(HttpClient.Version version) throws Exception {
        try (TestServer server = withToken()) {
            for (String wrong : new String[] {"Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Basic " + TOKEN, "Bearer"}) {
                HttpResponse<String> r = get(server, version, "/logs", "Authorization", wrong);
                assertEquals(401, r.statusCode(), wrong);
            }
            HttpResponse<String> r = get(server, version, "/logs", "Authorization", "Bearer wrong-token-wrong-token");
            assertEquals(Optional.of("Bearer realm=\"vivo_java\", error=\"invalid_token\""), r.headers().firstValue("WWW-Authenticate"));
            assertEquals("{\"error\":\"the bearer token is not the one http_auth_token holds\"}\n", r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void theTokenIsServedAndTheSchemeIsCaseInsensitive(HttpClient.Version version) throws Exception {
        try (TestServer server = withToken()) {
            for (String scheme : new String[] {"Bearer ", "bearer ", "BEARER  "}) {
                HttpResponse<String> r = get(server, version, "/logs", "Authorization", scheme + TOKEN);
                assertEquals(200, r.statusCode(), scheme);
                assertEquals(Optional.of("1"), r.headers().firstValue("Vivo-Stream-Next-ID"));
            }
        }
    }

    @Test
    void aPreflightNeedsNoTokenAndAllowsTheAuthorizationHeader() throws Exception {
        try (TestServer server = withToken()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/logs"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode());
            assertEquals(Optional.of("Origin, X-Requested-With, Content-Type, Accept, Authorization"),
                    r.headers().firstValue("Access-Control-Allow-Headers"));
        }
    }

    @Test
    void theTokenFileGivesItsFirstLineStripped() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "  " + TOKEN + "  \nignored second line\n");
        try (TestServer server = TestServer.start(TestServer.config("auth-file", "http_port", "0",
                "http_auth_token_file", file.toString()))) {
            assertEquals(200, get(server, HttpClient.Version.HTTP_1_1, "/", "Authorization", "Bearer " + TOKEN).statusCode());
            assertEquals(401, get(server, HttpClient.Version.HTTP_1_1, "/").statusCode());
            assertEquals(1, server.log.messages(vivo.HostLog.Level.INFO).stream()
                    .filter(m -> m.contains(" with a bearer token ")).count());
        }
    }

    private String problem(String... properties) {
        return assertThrows(IllegalArgumentException.class, () -> TestServer.config("auth", properties)).getMessage();
    }

    @Test
    void badTokensAndTokenFilesAreErrorsNamingTheProperty() throws Exception {
        String rule = "expecting at least 16 characters, each a letter, a digit or one of - . _ ~ + / (and = at the end only); found ";
        assertEquals("http_auth_token: " + rule + "6 characters that are not such a token", problem("http_auth_token", "secret"));
        assertEquals("http_auth_token: " + rule + "20 characters that are not such a token",
                problem("http_auth_token", "0123456789 123456789"));
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertEquals("http_auth_token_file: " + rule + "0 characters that are not such a token on the first line of '" + empty + "'",
                problem("http_auth_token_file", empty.toString()));
        assertEquals("http_auth_token_file: cannot read '" + dir + "/none': java.nio.file.NoSuchFileException: " + dir + "/none",
                problem("http_auth_token_file", dir + "/none"));
        assertEquals("http_auth_token_file: set it or http_auth_token, not both",
                problem("http_auth_token", TOKEN, "http_auth_token_file", empty.toString()));
    }

    @Test
    void theTokenNeverReachesAConfigsText() {
        String text = TestServer.config("auth", "http_auth_token", TOKEN).toString();
        assertEquals("Config[auth 127.0.0.1:2025, with a token]", text);
    }
}
