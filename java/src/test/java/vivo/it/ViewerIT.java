package vivo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in viewer (issue 9, item 5) in a real headless Chromium, on records the host emulator feeds
 * through the shim: the page loads with no error, shows the records within seconds on the logs and the
 * metrics tab, a tag filter hides the other tag, pause stops new rows, resume shows the chunks evicted
 * meanwhile as a gap, a click shows a record's JSON indented, and rate= shows what it left out; with
 * http_auth_token, the page asks for the token and then follows with it. Leaves a screenshot in
 * build/viewer.png (docs/viewer.png is a copy of one).
 */
@Timeout(180)
class ViewerIT {

    private static final Duration SECONDS = Duration.ofSeconds(15);
    private static final Path SCREENSHOT = Fbhost.BUILD.resolve("viewer.png");

    /** Logs of tag app.web, 5 chunks of 2 records a second. */
    private static final String WEB_LOGS = """
            [SERVICE]
                log_level info
            [INPUT]
                name     dummy
                tag      app.web
                rate     5
                records  2
            """;

    /** Two tags of logs, 10 chunks a second; streams small enough that a pause of seconds loses chunks. */
    private static final String CONFIG = WEB_LOGS + """
            [INPUT]
                name     dummy
                tag      app.db
                rate     5
            [INPUT]
                name     chunks
                dir      %s/metrics-event-type
                rate     2
            [OUTPUT]
                name              vivo_java
                match             *
                http_port         0
                stream_queue_size 6000
            """;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theViewerFollowsFiltersPausesAndShowsGaps() throws Exception {
        try (Fbhost host = Fbhost.run(CONFIG.formatted(Fbhost.FIXTURES)).host("5.1.1").start(dir);
             Chromium browser = Chromium.start(dir.resolve("chromium"), 1200, 1000)) {
            int port = host.httpPort();
            browser.navigate("http://127.0.0.1:" + port + "/");

            browser.await("records of both tags shown", TAGS + ".includes('app.web') && " + TAGS + ".includes('app.db')", SECONDS);
            browser.evaluate("document.querySelector('[data-kind=metrics]').click()");
            browser.await("a metrics context shown", "document.querySelectorAll('#metrics .row.record').length > 0", SECONDS);
            browser.evaluate("document.querySelector('[data-kind=logs]').click()");

            long applied = nextId(port);
            browser.evaluate("document.getElementById('tag').value = 'app.db'; document.getElementById('apply').click()");
            browser.await("only app.db shown, up to a chunk that came after the filter",
                    TAGS + ".every(t => t === 'app.db') && " + MAX_ID + " > " + (applied + 2), SECONDS);
            assertEquals(List.of("app.db"), browser.evaluate("[...new Set(" + TAGS + ")]"), "the tag filter hides app.web");

            browser.evaluate("document.getElementById('pause').click()");
            long shown = ((Number) browser.evaluate("document.querySelectorAll('#logs .row').length")).longValue();
            long pausedAt = ((Number) browser.evaluate(MAX_ID)).longValue();
            // several chunks after pausedAt are evicted from the small stream while the page is paused
            Fbhost.until("the chunks after the pause evicted", SECONDS, () -> oldestId(port), oldest -> oldest > pausedAt + 4);
            assertEquals(shown, ((Number) browser.evaluate("document.querySelectorAll('#logs .row').length")).longValue(),
                    "no new row while paused");
            assertEquals("paused", browser.evaluate("document.getElementById('status').dataset.state"));

            browser.evaluate("document.getElementById('pause').click()");
            browser.await("the chunks missed shown as a gap",
                    "[...document.querySelectorAll('#logs .row.gap')].some(r => r.textContent.includes('chunks " + (pausedAt + 1) + " to '))",
                    SECONDS);
            browser.await("following again after the gap",
                    "document.querySelector('#logs .row.gap').previousElementSibling?.classList.contains('record') === true", SECONDS);

            // the newest record (the one least likely to be evicted before it is asked for again), in one
            // evaluation, so that rows arriving meanwhile change nothing
            List<?> clicked = (List<?>) browser.evaluate("(() => { const r = document.querySelector('#logs .row.record'); "
                    + "r.click(); const shown = [r.dataset.id, r.querySelector('pre').textContent]; r.click(); return shown; })()");
            String id = (String) clicked.get(0);
            String json = (String) clicked.get(1);
            String served = get(port, "/logs?tag=app.db&from=" + id + "&to=" + id);
            assertTrue(served.startsWith("[["), "chunk " + id + " still held, to compare with: " + served);
            String ns = served.substring(2, served.indexOf(','));
            assertTrue(json.startsWith("[\n  [\n    " + ns + ",\n    {\n      \"_tag\": \"app.db\"\n    }\n  ],\n  {\n    \"message\": \"dummy\","),
                    "the record " + served + " indented, its nanoseconds exact: " + json);
            // for the screenshot: the first record after the gap opened, and the gap under it
            browser.evaluate("(() => { const r = document.querySelector('#logs .row.gap').previousElementSibling; "
                    + "r.click(); r.scrollIntoView(); window.scrollBy(0, -120); })()");
            browser.screenshot(SCREENSHOT);

            // app.db comes at 5 records a second: at rate=1 most are left out, and the page says how many
            browser.evaluate("document.getElementById('rate').value = '1'; document.getElementById('apply').click()");
            browser.await("the records left out by rate=1 shown as dropped",
                    "[...document.querySelectorAll('#logs .row.dropped')].some(r => /dropped: [1-9][0-9]* records/.test(r.textContent))", SECONDS);
            assertEquals(List.of(), browser.errors(), "what the page logged as errors");
        }
    }

    private static final String TOKEN = "viewer-it-token-0123456789";

    /** One instance with a token: the page loads without it, asks for it, then follows with it. */
    @Test
    void withATokenThePageAsksForItThenFollowsWithIt() throws Exception {
        String config = WEB_LOGS + """
                [OUTPUT]
                    name            vivo_java
                    match           *
                    http_port       0
                    http_auth_token %s
                """.formatted(TOKEN);
        try (Fbhost host = Fbhost.run(config).host("5.1.1").start(dir);
             Chromium browser = Chromium.start(dir.resolve("chromium"), 1200, 600)) {
            browser.navigate("http://127.0.0.1:" + host.httpPort() + "/");
            browser.await("the token asked for", "!document.getElementById('auth').hidden", SECONDS);
            assertEquals(0, browser.evaluate("document.querySelectorAll('#logs .row').length"), "nothing shown without the token");
            browser.evaluate("document.getElementById('token').value = '" + TOKEN + "'; "
                    + "document.querySelector('#auth button').click()");
            browser.await("records shown with the token", "document.querySelectorAll('#logs .row.record').length > 0", SECONDS);
            // the one error a page can't avoid: the browser logs the 401 that made it ask
            assertEquals(List.of(), browser.errors().stream().filter(e -> !e.contains("status of 401")).toList(),
                    "what the page logged as errors, beside the 401");
        }
    }

    /** The tags of the logs tab's record rows, and their highest chunk id (-1 for none). */
    private static final String TAGS = "[...document.querySelectorAll('#logs .row.record')].map(r => r.dataset.tag)";
    private static final String MAX_ID = "Math.max(-1, ...[...document.querySelectorAll('#logs .row.record')].map(r => Number(r.dataset.id)))";

    private long nextId(int port) throws Exception {
        return Long.parseLong(head(port).headers().firstValue("Vivo-Stream-Next-ID").orElseThrow());
    }

    /** The oldest id the logs stream holds. */
    private long oldestId(int port) throws Exception {
        return Long.parseLong(head(port).headers().firstValue("Vivo-Stream-Start-ID").orElse("-1"));
    }

    private String get(int port, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpResponse<Void> head(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/logs"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }
}
