package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vivo.stream.Range;

class QueryTest {

    private static final long MAX = Long.MAX_VALUE;

    private static Range range(String raw) throws Query.Invalid {
        return Query.parse(raw);
    }

    private static String error(String raw) {
        return assertThrows(Query.Invalid.class, () -> Query.parse(raw)).getMessage();
    }

    @Test
    void noQuerySelectsEverything() throws Exception {
        assertEquals(Range.ALL, range(null));
        assertEquals(Range.ALL, range(""));
        assertEquals(Range.ALL, range("&&"));
    }

    @Test
    void fromToAndLimitAreReadInAnyOrder() throws Exception {
        assertEquals(new Range(1, 4, 2), range("limit=2&to=4&from=1"));
        assertEquals(new Range(0, 0, MAX), range("to=0"));
        assertEquals(new Range(MAX, MAX, MAX), range("from=9223372036854775807"));
        assertEquals(new Range(7, MAX, MAX), range("from=007"));
    }

    @Test
    void anyOtherParameterIsAnErrorNamingItUnlikeTheCPluginsSubstringSearch() {
        // C: auto=1 sets to=1, xfrom=4 sets from=4, nolimit=1 sets limit=1 (vivo-reference.md §9 E22)
        String known = "expecting from, to, limit, wait, tag, grep, rate";
        assertEquals("auto: unknown parameter; " + known, error("auto=1"));
        assertEquals("xfrom: unknown parameter; " + known, error("xfrom=4"));
        assertEquals("nolimit: unknown parameter; " + known, error("nolimit=1"));
        assertEquals("FROM: unknown parameter; " + known, error("FROM=3"));
        assertEquals("_: unknown parameter; " + known, error("from=3&_=1700000000"));
    }

    @Test
    void fromAboveToIsAnError() {
        assertEquals("from: expecting at most to (1); found '3'", error("from=3&to=1"));
    }

    @Test
    void valuesArePercentDecodedUnlikeTheCPlugin() throws Exception {
        assertEquals(new Range(2, MAX, MAX), range("from=%32"));
        assertEquals(new Range(2, MAX, MAX), range("%66rom=2"));
    }

    @Test
    void semicolonsDoNotSeparateParameters() {
        assertEquals("from: expecting a non-negative integer; found '1;to=2'", error("from=1;to=2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5", "abc", "2.5", "+3", " 3", "3 ", "0x10", "1e3", "\u0663"})
    void anythingButDecimalDigitsIsABadRequestNamingTheParameter(String value) {
        String raw = "from=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        assertEquals("from: expecting a non-negative integer; found '" + value + "'", error(raw));
    }

    @ParameterizedTest
    @CsvSource({
        "from=abc,           from: expecting a non-negative integer; found 'abc'",
        "to=-1,              to: expecting a non-negative integer; found '-1'",
        "to=-2,              to: expecting a non-negative integer; found '-2'",
        "limit=0,            limit: expecting a positive integer; found '0'",
        "limit=-3,           limit: expecting a positive integer; found '-3'",
        "limit=,             limit: expecting a positive integer; found ''",
        "from,               from: expecting a non-negative integer; found ''",
        "from=1&from=4,      from: expecting one value; found 2",
        "limit=1&limit=1,    limit: expecting one value; found 2",
        "from=99999999999999999999, from: expecting a non-negative integer up to 9223372036854775807; found '99999999999999999999'",
        "to=9223372036854775808,    to: expecting a non-negative integer up to 9223372036854775807; found '9223372036854775808'",
    })
    void badValuesAreRejectedWithAMessageNamingTheParameterUnlikeTheCPluginWhichGuesses(String raw, String message) {
        assertEquals(message, error(raw));
    }

    @Test
    void aLongValueIsShortenedInTheMessage() {
        String value = "x".repeat(100);
        assertEquals("from: expecting a non-negative integer; found '" + "x".repeat(40) + "...'", error("from=" + value));
    }

    @Test
    void aMalformedEscapeIsReportedAsItCame() {
        assertEquals("to: expecting a non-negative integer; found '%zz'", error("to=%zz"));
    }
}
