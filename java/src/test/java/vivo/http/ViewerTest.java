package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The viewer's files over HTTP/1.1 and HTTP/2: {@code /} by Accept (the page for a browser, the banner
 * for curl), their types and headers, and what the token guards. ViewerIT runs the page in a browser.
 */
@Timeout(60)
class ViewerTest {

    /** What Chromium sends when it loads a page. */
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";
    private static final String TOKEN = "viewer-token-0123456789";

    private static HttpResponse<String> send(TestServer server, HttpClient.Version version, String method, String path,
                                             String... headers) throws Exception {
        return Client.of(version).send(method, server.uri(path), headers);
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aBrowserGetsThePageAndCurlTheBannerFromTheSamePath(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("viewer")) {
            HttpResponse<String> page = send(server, version, "GET", "/", "Accept", BROWSER);
            assertEquals(200, page.statusCode());
            assertEquals(Optional.of("text/html; charset=utf-8"), page.headers().firstValue("Content-Type"));
            assertTrue(page.body().startsWith("<!doctype html>") && page.body().contains("<script type=\"module\" src=\"viewer.js\">"),
                    page.body());
            assertEquals(Optional.of("Accept"), page.headers().firstValue("Vary"));
            for (String curl : new String[] {"*/*", "text/plain", "text/html;q=0, */*"}) {
                HttpResponse<String> banner = send(server, version, "GET", "/", "Accept", curl);
                assertEquals(Optional.of("text/plain; charset=utf-8"), banner.headers().firstValue("Content-Type"), curl);
                assertTrue(banner.body().contains("Vivo Exporter"), banner.body());
                assertEquals(Optional.of("Accept"), banner.headers().firstValue("Vary"));
            }
            HttpResponse<String> head = send(server, version, "HEAD", "/", "Accept", BROWSER);
            assertEquals("", head.body());
            assertEquals(page.headers().firstValue("Content-Length"), head.headers().firstValue("Content-Length"));
            assertEquals(Optional.of(Integer.toString(page.body().getBytes(StandardCharsets.UTF_8).length)),
                    page.headers().firstValue("Content-Length"));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void everyFileComesWithItsTypeTheStrictPolicyAndNoStore(HttpClient.Version version) throws Exception {
        String[][] files = {{"/", "text/html; charset=utf-8", "index.html"}, {"/viewer.js", "text/javascript; charset=utf-8", "viewer.js"},
                {"/rows.js", "text/javascript; charset=utf-8", "rows.js"}, {"/sse.js", "text/javascript; charset=utf-8", "sse.js"},
                {"/viewer.css", "text/css; charset=utf-8", "viewer.css"}};
        try (TestServer server = TestServer.start("viewer-files")) {
            for (String[] file : files) {
                HttpResponse<String> r = send(server, version, "GET", file[0], "Accept", BROWSER);
                assertEquals(200, r.statusCode(), file[0]);
                assertEquals(Optional.of(file[1]), r.headers().firstValue("Content-Type"), file[0]);
                assertEquals(resource(file[2]), r.body(), "served as the jar holds it: " + file[0]);
                assertEquals(Optional.of("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                        + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
                        r.headers().firstValue("Content-Security-Policy"), file[0]);
                assertEquals(Optional.of("nosniff"), r.headers().firstValue("X-Content-Type-Options"));
                assertEquals(Optional.of("no-store"), r.headers().firstValue("Cache-Control"));
            }
            assertEquals(404, send(server, version, "GET", "/viewer.js/", "Accept", BROWSER).statusCode());
            assertEquals(405, send(server, version, "POST", "/viewer.js").statusCode());
        }
    }

    /** The policy allows no inline script or style: the page has neither, nor an event-handler attribute. */
    @Test
    void thePageHasNoInlineScriptOrStyle() throws Exception {
        String page = resource("index.html");
        assertFalse(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(page).find(), "a script without src");
        assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "inline style or handler");
        assertFalse(page.contains("http://") || page.contains("https://"), "nothing fetched from elsewhere");
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void withATokenThePageLoadsWithoutItAndEverythingElseStillNeedsIt(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("viewer-auth", "http_port", "0", "http_auth_token", TOKEN))) {
            server.streams.append(TwoViews.log("t", "{\"n\":1}"));
            assertEquals(200, send(server, version, "GET", "/", "Accept", BROWSER).statusCode());
            assertEquals(200, send(server, version, "HEAD", "/", "Accept", BROWSER).statusCode());
            assertEquals(200, send(server, version, "GET", "/viewer.js").statusCode());
            assertEquals(401, send(server, version, "GET", "/").statusCode(), "the banner still needs the token");
            assertEquals(401, send(server, version, "POST", "/viewer.js").statusCode(), "only a read of the page is open");
            for (String path : new String[] {"/logs", "/metrics", "/api/v1/logs"}) {
                assertEquals(401, send(server, version, "GET", path, "Accept", BROWSER).statusCode(), path);
                assertEquals(401, send(server, version, "GET", path, "Accept", "text/event-stream").statusCode(), path);
            }
            // what the page sends once it has the token
            HttpResponse<String> r = send(server, version, "HEAD", "/logs", "Accept", "application/json", "Authorization", "Bearer " + TOKEN);
            assertEquals(Optional.of("1"), r.headers().firstValue("Vivo-Stream-Next-ID"));
        }
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = ViewerTest.class.getResourceAsStream("/vivo/viewer/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
