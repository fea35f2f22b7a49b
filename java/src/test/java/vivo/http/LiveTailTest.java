package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vivo.decode.ChunkKind;

/** Long polls (wait), Server-Sent Events (follow), and the tag and grep filters, over HTTP/1.1 and HTTP/2. */
@Timeout(60)
class LiveTailTest {

    private static TwoViews chunk(int n) {
        return TwoViews.log("app." + n, "{\"n\":" + n + "}");
    }

    private static void awaitWaiting(TestServer server, ChunkKind kind, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.streams.get(kind).waiting() < count) {
            assertTrue(System.nanoTime() < deadline, "no request waits for the stream");
            Thread.onSpinWait();
        }
    }

    private static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aLongPollIsHeldUntilAChunkComesThenAnsweredAsUsual(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("poll")) {
            CompletableFuture<HttpResponse<String>> pending = client(version).sendAsync(
                    HttpRequest.newBuilder(server.uri("/logs?from=0&wait=30")).build(), HttpResponse.BodyHandlers.ofString());
            awaitWaiting(server, ChunkKind.LOGS, 1);
            TwoViews first = chunk(0);
            server.streams.append("app.0", first);
            HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals(first.classic(), r.body());
            Client.assertIds(r, 0L, 0L, 1);
            assertEquals(0, server.streams.get(ChunkKind.LOGS).waiting(), "the wait is gone with the answer");
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aLongPollThatGetsNothingIsAnsweredEmptyWhenTheTimeIsUpAndAFilteredOutChunkDoesNotEndIt(HttpClient.Version version)
            throws Exception {
        try (TestServer server = TestServer.start("poll-empty")) {
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> pending = client(version).sendAsync(
                    HttpRequest.newBuilder(server.uri("/logs?wait=1&tag=wanted.*")).build(), HttpResponse.BodyHandlers.ofString());
            awaitWaiting(server, ChunkKind.LOGS, 1);
            server.streams.append("other", chunk(0));
            HttpResponse<String> r = pending.get(10, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(950), "it waited the second out");
            assertEquals("", r.body());
            Client.assertIds(r, null, null, 1);
        }
    }

    @Test
    void waitIsFromZeroToSixtySecondsAndRateAPositiveInteger() throws Exception {
        try (TestServer server = TestServer.start("poll-bad")) {
            HttpResponse<String> r = Client.of(HttpClient.Version.HTTP_1_1).get(server.uri("/logs?wait=61"));
            assertEquals(400, r.statusCode());
            assertEquals("{\"error\":\"wait: expecting seconds from 0 to 60; found '61'\"}\n", r.body());
            r = Client.of(HttpClient.Version.HTTP_1_1).get(server.uri("/logs?rate=0"));
            assertEquals(400, r.statusCode());
            assertEquals("{\"error\":\"rate: expecting a positive integer; found '0'\"}\n", r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void tagAndGrepSelectBeforeLimitAndKeepTheChunksIds(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("filters")) {
            server.streams.append("kube.a", TwoViews.log("kube.a", "{\"msg\":\"ok\"}"));
            server.streams.append("app.b", TwoViews.log("app.b", "{\"msg\":\"error here\"}"));
            server.streams.append("kube.c", TwoViews.log("kube.c", "{\"msg\":\"error there\"}"));
            Client client = Client.of(version);
            HttpResponse<String> r = client.get(server.uri("/logs?tag=kube.*&limit=1&from=1"));
            Client.assertIds(r, 2L, 2L, 3);
            r = client.get(server.uri("/logs?tag=nope,app.*"));
            Client.assertIds(r, 1L, 1L, 3);
            assertEquals(400, client.get(server.uri("/metrics?grep=x")).statusCode());
            assertEquals(400, client.get(server.uri("/logs?tag=a,,b")).statusCode());
        }
    }

    @Test
    void grepKeepsTheRecordsThatHoldTheTextInBothViews() throws Exception {
        try (TestServer server = TestServer.start("grep")) {
            server.streams.append("app", LogRecordsFor.chunk("app", "fine", "an error", "caf\u00e9 error"));
            server.streams.append("app", LogRecordsFor.chunk("app", "fine"));
            Client client = Client.of(HttpClient.Version.HTTP_1_1);
            HttpResponse<String> classic = client.get(server.uri("/logs?grep=error"));
            Client.assertIds(classic, 0L, 0L, 2);
            assertEquals(List.of("{\"msg\":\"an error\"}", "{\"msg\":\"caf\\u00e9 error\"}"), bodies(classic.body()));
            HttpResponse<String> v1 = client.get(server.uri("/api/v1/logs?grep=caf%C3%A9"));
            assertTrue(v1.body().startsWith("{\"tag\":\"app\",\"records\":[[[") && v1.body().endsWith("{\"msg\":\"caf\\u00e9 error\"}]]}\n")
                    && !v1.body().contains("an error"), v1.body());
        }
    }

    /** The body object of each classic line. */
    private static List<String> bodies(String classic) {
        List<String> out = new ArrayList<>();
        for (String line : classic.split("\n")) {
            out.add(line.substring(line.indexOf("}],") + 3, line.length() - 1));
        }
        return out;
    }

    /** Opens a follower; its lines come as the server sends them. */
    /** Follows {@code path} (Server-Sent Events): its lines. */
    static Iterator<String> follow(TestServer server, HttpClient.Version version, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).header("Accept", "text/event-stream");
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<Stream<String>> r = client(version).send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("text/event-stream"), r.headers().firstValue("Content-Type"));
        return r.body().iterator();
    }

    /** The next {@code n} lines. */
    static List<String> take(Iterator<String> lines, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(lines.next());
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aFollowerGetsTheBacklogFromFromThenEachChunkAsItComes(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("follow")) {
            TwoViews first = chunk(0);
            TwoViews second = chunk(1);
            server.streams.append("app.0", first);
            server.streams.append("app.1", second);
            Iterator<String> lines = follow(server, version, "/logs?from=1");
            assertEquals(List.of(": following from id 1", "", "id: 1", "data: " + second.classic().strip(), ""), take(lines, 5));
            awaitWaiting(server, ChunkKind.LOGS, 1);
            TwoViews third = chunk(2);
            server.streams.append("app.2", third);
            assertEquals(List.of("id: 2", "data: " + third.classic().strip(), ""), take(lines, 3));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void withoutFromAFollowerGetsOnlyWhatComesAndLastEventIdResumesAfterIt(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("follow-new")) {
            server.streams.append("app.0", chunk(0));
            Iterator<String> lines = follow(server, version, "/api/v1/logs");
            assertEquals(List.of(": following from id 1", ""), take(lines, 2));
            awaitWaiting(server, ChunkKind.LOGS, 1);
            TwoViews next = chunk(1);
            server.streams.append("app.1", next);
            assertEquals(List.of("id: 1", "data: " + next.apiV1().strip(), ""), take(lines, 3));

            Iterator<String> resumed = follow(server, version, "/api/v1/logs", "Last-Event-ID", "0");
            assertEquals(List.of(": following from id 1", "", "id: 1", "data: " + next.apiV1().strip(), ""), take(resumed, 5));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aFollowerBehindTheStreamIsToldOfTheGapAndGoesOnFromTheOldestKept(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("gap", "*", false, 300)) {
            for (int i = 0; i < 5; i++) {
                server.streams.append("app", chunk(i));   // about 120 bytes each: the stream keeps the last two
            }
            long oldest = server.streams.get(ChunkKind.LOGS).snapshot().oldest();
            Iterator<String> lines = follow(server, version, "/logs?from=0");
            assertEquals(List.of(": following from id 0", "", "event: gap", "id: " + (oldest - 1),
                    "data: {\"from\":0,\"to\":" + (oldest - 1) + "}", "", "id: " + oldest), take(lines, 7));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void onApiV2EachEventIsOneEntryAsAPageHoldsIt(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("follow-v2")) {
            server.streams.append("app.0", chunk(0));
            server.streams.append("app.1", chunk(1));
            Iterator<String> lines = follow(server, version, "/api/v2/logs?from=1&limit=1");
            List<String> all = new ArrayList<>();
            lines.forEachRemaining(all::add);
            assertEquals(List.of(": following from id 1", "", "id: 1",
                    "data: {\"id\":\"1\",\"source\":{\"tag\":\"app.1\"},\"payload\":{\"resourceLogs\":[]}}", ""), all);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void toAndLimitEndTheFollowAndTagFiltersIt(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("follow-ends")) {
            for (int i = 0; i < 4; i++) {
                server.streams.append(i % 2 == 0 ? "even" : "odd", chunk(i));
            }
            Iterator<String> lines = follow(server, version, "/logs?from=0&tag=odd&limit=2");
            List<String> all = new ArrayList<>();
            lines.forEachRemaining(all::add);
            assertEquals(List.of(": following from id 0", "", "id: 1", "data: " + chunk(1).classic().strip(), "",
                    "id: 3", "data: " + chunk(3).classic().strip(), ""), all);
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void oneFollowerMoreThanTheCapIs503AndAFollowerThatEndsFreesItsPlace(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start(TestServer.config("followers", "http_port", "0", "http_max_followers", "1"))) {
            server.streams.append("app", chunk(0));
            follow(server, version, "/logs?from=0&to=0").forEachRemaining(line -> { });
            Iterator<String> held = follow(server, version, "/logs");
            assertEquals(": following from id 1", held.next());
            HttpResponse<String> refused = client(version).send(HttpRequest.newBuilder(server.uri("/logs"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode());
            assertEquals("{\"error\":\"too many followers: 1 follow already, as many as http_max_followers allows; retry later\"}\n",
                    refused.body());
        }
    }

    @Test
    void aBadLastEventIdIs400() throws IOException, InterruptedException, Exception {
        try (TestServer server = TestServer.start("bad-id")) {
            HttpResponse<String> r = client(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(server.uri("/logs"))
                    .header("Accept", "text/event-stream").header("Last-Event-ID", "x").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertEquals("{\"error\":\"Last-Event-ID: expecting the id of an event; found 'x'\"}\n", r.body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void aRateCutsAChunkToWhatItAllowsAndReportsTheRestAsDropped(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("rate")) {
            server.streams.append("app", LogRecordsFor.chunk("app", "a", "b", "c", "d", "e"));
            List<String> all = new ArrayList<>();
            follow(server, version, "/logs?from=0&to=0&rate=2").forEachRemaining(all::add);
            assertEquals(List.of(": following from id 0", "", "id: 0"), all.subList(0, 3));
            assertEquals(List.of("{\"msg\":\"a\"}", "{\"msg\":\"b\"}"), bodies(String.join("\n", all.subList(3, 5)).replace("data: ", "")),
                    "a full bucket: the first second's two records");
            assertEquals(List.of("", "event: dropped", "id: 0", "data: {\"count\":3}", ""), all.subList(5, all.size()));
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void whatARateLeavesOutIsCountedNotQueued(HttpClient.Version version) throws Exception {
        try (TestServer server = TestServer.start("rate-counted")) {
            String[] forty = new String[40];
            java.util.Arrays.fill(forty, "x");
            for (int i = 0; i < 3; i++) {
                server.streams.append("app", LogRecordsFor.chunk("app", forty));
            }
            long start = System.nanoTime();
            List<String> all = new ArrayList<>();
            follow(server, version, "/logs?from=0&to=2&rate=1").forEachRemaining(all::add);
            double seconds = (System.nanoTime() - start) / 1e9;
            long sent = all.stream().filter(line -> line.startsWith("data: [")).count();
            long dropped = all.stream().filter(line -> line.startsWith("data: {\"count\":"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).sum();
            assertEquals(120, sent + dropped, "every record sent or counted: " + all);
            assertTrue(sent >= 1 && sent <= 1 + Math.ceil(seconds), sent + " records sent in " + seconds + " s at rate=1");
            assertEquals("event: dropped", all.get(all.size() - 4), "the count of the last chunks comes before the follow ends: " + all);
            assertTrue(all.get(all.size() - 2).startsWith("data: {\"count\":"), all.get(all.size() - 2));
        }
    }
}
