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
        assertEquals(100, c.httpMaxConnections());
        assertEquals(10_000, c.httpIdleTimeoutMillis());
        assertEquals(20_000_000L, c.httpInflightSize());
    }

    @Test
    void theInflightBudgetFollowsTheStreamSizeUnlessGiven() throws ConfigException {
        assertEquals(512_000L, read("stream_queue_size", "512K").httpInflightSize());
        assertEquals(64_000_000L, read("stream_queue_size", "512K", "http_inflight_size", "64M").httpInflightSize());
    }

    @Test
    void timesAreWholeSecondsOrAWholeNumberWithAUnitAndZeroIsNever() throws ConfigException {
        assertEquals(30_000, read("http_idle_timeout", "30").httpIdleTimeoutMillis());
        assertEquals(30_000, read("http_idle_timeout", "30s").httpIdleTimeoutMillis());
        assertEquals(120_000, read("http_idle_timeout", "2M").httpIdleTimeoutMillis());
        assertEquals(3_600_000, read("http_idle_timeout", "1h").httpIdleTimeoutMillis());
        assertEquals(86_400_000, read("http_idle_timeout", "1d").httpIdleTimeoutMillis());
        assertEquals(0, read("http_idle_timeout", "0").httpIdleTimeoutMillis());
        for (String bad : new String[] {"1.5s", "500ms", "-1", "25h", "99999999999", "10 sec"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> read("http_idle_timeout", bad));
            assertEquals("http_idle_timeout: expecting a time such as 10s, 5m or 0 (never), at most 24h; found '" + bad + "'",
                    e.getMessage());
        }
    }

    @Test
    void theConnectionCapIsAWholeNumberFromOne() throws ConfigException {
        assertEquals(1, read("http_max_connections", "1").httpMaxConnections());
        assertEquals(65535, read("http_max_connections", "65535").httpMaxConnections());
        for (String bad : new String[] {"0", "-3", "65536", "many"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> read("http_max_connections", bad));
            assertEquals("http_max_connections: expecting a whole number from 1 to 65535; found '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void theCPluginsHttpServerKeysNameOurs() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> read("http_server.idle_timeout", "5s", "http_server.max_connections", "10"));
        assertEquals("""
                http_server.idle_timeout: unknown property; did you mean http_idle_timeout?
                http_server.max_connections: unknown property; did you mean http_max_connections?""", e.getMessage());
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
