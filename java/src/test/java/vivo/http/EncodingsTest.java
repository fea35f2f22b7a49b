package vivo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vivo.http.Encodings.Choice;

/** Accept-Encoding negotiation, case by case (RFC 9110 12.5.3 and 12.4.2). */
class EncodingsTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "NONE                          | IDENTITY",
        "''                            | IDENTITY",
        "gzip                          | GZIP",
        "GZip                          | GZIP",
        "x-gzip                        | GZIP",
        "gzip, deflate, br             | GZIP",
        "br                            | IDENTITY",
        "*                             | GZIP",
        "gzip;q=0                      | IDENTITY",
        "gzip;q=0.5, identity;q=0.6    | IDENTITY",
        "gzip;q=0.6, identity;q=0.5    | GZIP",
        "gzip;q=0.5, identity;q=0.5    | GZIP",
        "gzip; Q=0.001                 | GZIP",
        "identity;q=0                  | NONE_ACCEPTABLE",
        "*;q=0                         | NONE_ACCEPTABLE",
        "*;q=0, identity               | IDENTITY",
        "*;q=0, gzip                   | GZIP",
        "gzip;q=0, identity;q=0        | NONE_ACCEPTABLE",
        "gzip;q=1.5                    | IDENTITY",
        "gzip;q=0.1234                 | IDENTITY",
        "gzip;q=abc                    | IDENTITY",
        "gzip;q=1.000                  | GZIP",
        "gzip;q=-1, *;q=0.2            | IDENTITY",
        "identity;q=0, *;q=0.3         | GZIP",
        "' , ,gzip'                    | GZIP"})
    void negotiatesAsRfc9110Says(String header, Choice expected) {
        assertEquals(expected, Encodings.choose(header == null ? null : header.strip()));
    }
}
