package vivo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    /** Fluent Bit's lookup: case-insensitive, empty values read as unset. */
    private static Config read(String... keyValues) throws ConfigException {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i].toLowerCase(Locale.ROOT), keyValues[i + 1]);
        }
        return Config.read("vivo_java.0", key -> {
            String v = props.get(key.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v;
        });
    }

    @Test
    void defaultsListenOnLoopbackPort2025WithTwentyMegabyteStreams() throws ConfigException {
        Config c = read();
        assertEquals("127.0.0.1", c.httpListen());
        assertEquals(2025, c.httpPort());
        assertEquals(20_000_000L, c.streamQueueSize());
        assertEquals(16_000_000L, c.chunkQueueSize());
        assertEquals(false, c.emptyStreamOnRead());
        assertNull(c.corsAllowOrigin());
        assertEquals("127.0.0.1:2025", c.listener());
    }

    @Test
    void valuesAreReadAsFluentBitWritesThem() throws ConfigException {
        Config c = read("http_listen", "0.0.0.0", "http_port", "2026", "stream_queue_size", "512K",
                "empty_stream_on_read", "On", "http_cors_allow_origin", "*", "chunk_queue_size", "1.5M");
        assertEquals("0.0.0.0", c.httpListen());
        assertEquals(2026, c.httpPort());
        assertEquals(512_000L, c.streamQueueSize());
        assertEquals(true, c.emptyStreamOnRead());
        assertEquals("*", c.corsAllowOrigin());
        assertEquals(1_500_000L, c.chunkQueueSize());
    }

    @Test
    void sizesAreDecimalAndAcceptAnOptionalB() throws ConfigException {
        assertEquals(20_000_000L, Sizes.parse("p", "20M"));
        assertEquals(20_000_000L, Sizes.parse("p", "20mb"));
        assertEquals(1_000L, Sizes.parse("p", "1k"));
        assertEquals(3_000_000_000L, Sizes.parse("p", "3G"));
        assertEquals(300L, Sizes.parse("p", "300"));
        assertEquals(0L, Sizes.parse("p", "0"));
    }

    @Test
    void anUnparseableSizeIsAnErrorNotUnlimited() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("stream_queue_size", "20MiB"));
        assertEquals("stream_queue_size: expecting a size such as 20M or 512K; found '20MiB'", e.getMessage());
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> read("http_port", "abc", "empty_stream_on_read", "maybe", "listen", "0.0.0.0"));
        assertEquals("""
                empty_stream_on_read: expecting on or off; found 'maybe'
                http_port: expecting a TCP port from 0 to 65535; found 'abc'
                listen: unknown property; did you mean http_listen?""", e.getMessage());
    }

    @Test
    void aMisnamedPropertyNamesTheOneMeant() {
        ConfigException e = assertThrows(ConfigException.class, () -> read("cors_allow_origin", "*"));
        assertEquals("cors_allow_origin: unknown property; did you mean http_cors_allow_origin?", e.getMessage());
    }
}
