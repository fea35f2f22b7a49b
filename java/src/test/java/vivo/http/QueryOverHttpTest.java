package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vivo.http.Client.assertCors;
import static vivo.http.Client.assertIds;
import static vivo.http.Client.assertJsonType;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * vivo-reference.md §9 E: the query table of §5.5 on a stream with ids 0..5 (next 6), as we decided it,
 * over HTTP/1.1 and HTTP/2 alike (E21: C v5 ignores the query over HTTP/1.1).
 */
class QueryOverHttpTest {

    private static TestServer server;

    @BeforeAll
    static void sixEntries() throws Exception {
        server = TestServer.start("query");
        for (int i = 0; i < 6; i++) {
            server.streams.append(TwoViews.log("t", "{\"n\":" + i + "}"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** query, start id (null: absent), end id, lines; where C differs, what C does. */
    static Stream<Arguments> servedAsC() {
        return Stream.of(
                Arguments.of("", 0L, 5L, 6),
                Arguments.of("from=2", 2L, 5L, 4),
                Arguments.of("from=5", 5L, 5L, 1),
                Arguments.of("from=6", null, null, 0),
                Arguments.of("from=99", null, null, 0),
                Arguments.of("from=9223372036854775807", null, null, 0),
                Arguments.of("to=3", 0L, 3L, 4),
                Arguments.of("limit=1", 0L, 0L, 1),
                Arguments.of("to=2&from=1", 1L, 2L, 2),
                Arguments.of("from=2&to=2", 2L, 2L, 1),
                Arguments.of("limit=2&to=4&from=1", 1L, 2L, 2));
    }

    static Stream<Arguments> servedUnlikeC() {
        return Stream.of(
                Arguments.of("to=0", 0L, 0L, 1),         // C: 0..5, to=0 meant "no bound"
                Arguments.of("from=%32", 2L, 5L, 4));    // C: 0..5, no percent-decoding
    }

    /** query and the error; C serves all of these with 200. */
    static Stream<Arguments> rejectedUnlikeC() {
        return Stream.of(
                Arguments.of("from=99999999999999999999",
                        "from: expecting a non-negative integer up to 9223372036854775807; found '99999999999999999999'"),
                Arguments.of("auto=1", "auto: unknown parameter; expecting from, to, limit, wait, tag, grep, rate"),  // C: 0..1
                Arguments.of("xfrom=4", "xfrom: unknown parameter; expecting from, to, limit, wait, tag, grep, rate"), // C: 4..5
                Arguments.of("FROM=3", "FROM: unknown parameter; expecting from, to, limit, wait, tag, grep, rate"),
                Arguments.of("from=2&limit=100&other=x", "other: unknown parameter; expecting from, to, limit, wait, tag, grep, rate"),
                Arguments.of("from=3&to=1", "from: expecting at most to (1); found '3'"),                       // C: nothing
                Arguments.of("to=-1", "to: expecting a non-negative integer; found '-1'"),
                Arguments.of("to=-2", "to: expecting a non-negative integer; found '-2'"),
                Arguments.of("to=99999999999999999999",
                        "to: expecting a non-negative integer up to 9223372036854775807; found '99999999999999999999'"),
                Arguments.of("from=-5", "from: expecting a non-negative integer; found '-5'"),
                Arguments.of("from=abc", "from: expecting a non-negative integer; found 'abc'"),
                Arguments.of("from=", "from: expecting a non-negative integer; found ''"),
                Arguments.of("limit=0", "limit: expecting a positive integer; found '0'"),
                Arguments.of("limit=-3", "limit: expecting a positive integer; found '-3'"),
                Arguments.of("from=2abc", "from: expecting a non-negative integer; found '2abc'"),
                Arguments.of("to=2.9", "to: expecting a non-negative integer; found '2.9'"),
                Arguments.of("from=1&from=4", "from: expecting one value; found 2"));
    }

    static Stream<Arguments> withVersions(Stream<Arguments> cases) {
        return cases.flatMap(c -> Stream.of(HttpClient.Version.values()).map(v -> {
            Object[] args = new Object[c.get().length + 1];
            args[0] = v;
            System.arraycopy(c.get(), 0, args, 1, c.get().length);
            return Arguments.of(args);
        }));
    }

    static Stream<Arguments> servedAsCOverBothVersions() {
        return withVersions(servedAsC());
    }

    static Stream<Arguments> servedUnlikeCOverBothVersions() {
        return withVersions(servedUnlikeC());
    }

    static Stream<Arguments> rejectedUnlikeCOverBothVersions() {
        return withVersions(rejectedUnlikeC());
    }

    private static void assertServed(HttpClient.Version version, String query, Long start, Long end, int lines)
            throws Exception {
        HttpResponse<String> r = Client.of(version).get(server.uri("/api/v1/logs?" + query));
        // the ids are contiguous, so a client goes on after the last entry served; after nothing, at the tail
        assertIds(r, start, end, end == null ? 6 : end + 1);
        assertEquals(Optional.of("6"), r.headers().firstValue("Vivo-Stream-Tail-ID"));
        assertEquals(lines, r.body().isEmpty() ? 0 : r.body().split("\n").length, query);
        assertEquals(version, r.version());
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("servedAsCOverBothVersions")
    void queriesServeWhatCServesOverHttp2AndNowOverHttp11Too(HttpClient.Version version, String query, Long start,
            Long end, int lines) throws Exception {
        assertServed(version, query, start, end, lines);
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("servedUnlikeCOverBothVersions")
    void queriesWhereCMisreadsTheParametersServeWhatTheyAskFor(HttpClient.Version version, String query, Long start,
            Long end, int lines) throws Exception {
        assertServed(version, query, start, end, lines);
    }

    @ParameterizedTest(name = "{0} ?{1}")
    @MethodSource("rejectedUnlikeCOverBothVersions")
    void invalidValuesGet400WithAJsonErrorWhereCGuesses(HttpClient.Version version, String query, String message)
            throws Exception {
        HttpResponse<String> r = Client.of(version).get(server.uri("/api/v1/logs?" + query));
        assertEquals(400, r.statusCode());
        assertJsonType(r);
        assertCors(r, "*");
        assertEquals("{\"error\":\"" + message + "\"}\n", r.body());
    }
}
