package vivo.config;

import java.util.Map;

/**
 * Every property of a {@code [OUTPUT]} section of {@code vivo_java}: our config_map, in the order of
 * README's configuration table, which ReadmeTest holds to this list. The native shim reads the last
 * three itself, before there is a JVM; their defaults say what it does.
 */
public enum Property {
    HTTP_LISTEN("http_listen", "127.0.0.1",
            "address the HTTP API listens on; 0.0.0.0 for every interface"),
    HTTP_PORT("http_port", "2025",
            "TCP port of the HTTP API; 0 picks a free port (the log line names it)"),
    STREAM_QUEUE_SIZE("stream_queue_size", "20M",
            "bytes each stream (logs, metrics, traces) keeps; the oldest chunks go first"),
    STREAM_PAGE_SIZE("stream_page_size", "stream_queue_size",
            "the most bytes one response body holds: a longer selection ends early, at a whole entry, and "
            + "Vivo-Stream-Next-ID (nextCursor) says where to go on; a chunk whose classic or /api/v1 response alone would be longer is rejected "
            + "(an /api/v2 page of one entry longer than this is served whole)"),
    EMPTY_STREAM_ON_READ("empty_stream_on_read", "off",
            "on: a read removes from the stream the chunks it returned"),
    COMPRESS("compress", "on",
            "on: a stream response is gzipped when the client's Accept-Encoding prefers it (RFC 9110 negotiation)"),
    HTTP_CORS_ALLOW_ORIGIN("http_cors_allow_origin", "",
            "value of Access-Control-Allow-Origin (e.g. * or http://localhost:8000); unset: no CORS headers"),
    HTTP_MAX_CONNECTIONS("http_max_connections", "100",
            "connections the HTTP API serves at once; one more is answered 503 with Retry-After and closed"),
    HTTP_MAX_FOLLOWERS("http_max_followers", "16",
            "clients following the streams (Server-Sent Events) at once; one more is answered 503"),
    HTTP_IDLE_TIMEOUT("http_idle_timeout", "10s",
            "a connection that sends no request, or takes no response byte, for this long is closed (s, m or h, at most 24h; 0: never)"),
    HTTP_INFLIGHT_SIZE("http_inflight_size", "stream_queue_size",
            "bytes of stored chunks that responses being sent may hold; a request that would exceed it is answered 503 with Retry-After"),
    HTTP_AUTH_TOKEN("http_auth_token", "",
            "a bearer token every request must carry (Authorization: Bearer <token>), CORS preflights aside; unset: no authentication"),
    HTTP_AUTH_TOKEN_FILE("http_auth_token_file", "",
            "a file whose first line is that token, read at start and at each reload, instead of http_auth_token"),
    HTTP_TLS("http_tls", "off",
            "on: the API speaks HTTPS only (HTTP/1.1, and HTTP/2 by ALPN), with the two files below"),
    HTTP_TLS_CRT_FILE("http_tls_crt_file", "",
            "PEM certificate chain of the API, its own certificate first; read at start and at each reload"),
    HTTP_TLS_KEY_FILE("http_tls_key_file", "",
            "PEM private key of that certificate, not encrypted: PKCS#8 (RSA, EC, Ed25519) or PKCS#1 RSA"),
    CHUNK_QUEUE_SIZE("chunk_queue_size", "16M",
            "bytes of flushed chunks waiting for Java; when full, a flush waits for room (at most 250 ms), then answers retry"),
    JAVA_HOME("java_home", "$JAVA_HOME, else the runtime beside vivo_java.so (the bundle's), else the newest JDK >= 17 under /usr/lib/jvm, /usr/java, /opt/java, /usr/local/lib/jvm, /opt",
            "JDK or runtime whose lib/server/libjvm.so runs the exporter; read once, by the first instance of the process"),
    JAR_PATH("jar_path", "vivo-java.jar beside vivo_java.so",
            "the exporter jar"),
    JVM_OPTIONS("jvm_options", "",
            "extra JVM options, separated by spaces, e.g. -Xmx512m; not -cp or -Djava.class.path");

    /**
     * Names people write by mistake, with the property they meant. Fluent Bit does not let an external
     * plugin list the properties it was given, so these are probed for by name. (host, port, workers,
     * match and tls are taken by Fluent Bit itself and never reach the plugin at all.)
     */
    public static final Map<String, Property> MISTAKES = Map.ofEntries(
            Map.entry("listen", HTTP_LISTEN),
            Map.entry("http_host", HTTP_LISTEN),
            Map.entry("http_listen_address", HTTP_LISTEN),
            Map.entry("http_address", HTTP_LISTEN),
            Map.entry("http.port", HTTP_PORT),
            Map.entry("http_server.port", HTTP_PORT),
            Map.entry("listen_port", HTTP_PORT),
            Map.entry("queue_size", STREAM_QUEUE_SIZE),
            Map.entry("stream_size", STREAM_QUEUE_SIZE),
            Map.entry("stream_queue_max_size", STREAM_QUEUE_SIZE),
            Map.entry("empty_streams_on_read", EMPTY_STREAM_ON_READ),
            Map.entry("empty_on_read", EMPTY_STREAM_ON_READ),
            Map.entry("cors_allow_origin", HTTP_CORS_ALLOW_ORIGIN),
            Map.entry("http_cors", HTTP_CORS_ALLOW_ORIGIN),
            Map.entry("http_cors_allow_origins", HTTP_CORS_ALLOW_ORIGIN),
            Map.entry("cors", HTTP_CORS_ALLOW_ORIGIN),
            Map.entry("max_connections", HTTP_MAX_CONNECTIONS),
            Map.entry("http_server.max_connections", HTTP_MAX_CONNECTIONS),
            Map.entry("idle_timeout", HTTP_IDLE_TIMEOUT),
            Map.entry("http_server.idle_timeout", HTTP_IDLE_TIMEOUT),
            Map.entry("http_idle_timeout_sec", HTTP_IDLE_TIMEOUT),
            Map.entry("http_token", HTTP_AUTH_TOKEN),
            Map.entry("auth_token", HTTP_AUTH_TOKEN),
            Map.entry("http_bearer_token", HTTP_AUTH_TOKEN),
            Map.entry("http_auth_token_path", HTTP_AUTH_TOKEN_FILE),
            Map.entry("http_tls_crt", HTTP_TLS_CRT_FILE),
            Map.entry("http_tls_cert_file", HTTP_TLS_CRT_FILE),
            Map.entry("http_tls_key", HTTP_TLS_KEY_FILE),
            Map.entry("http_https", HTTP_TLS),
            Map.entry("compression", COMPRESS),
            Map.entry("gzip", COMPRESS),
            Map.entry("jvm_option", JVM_OPTIONS),
            Map.entry("java_options", JVM_OPTIONS),
            Map.entry("jvm_opts", JVM_OPTIONS),
            Map.entry("javahome", JAVA_HOME),
            Map.entry("java.home", JAVA_HOME),
            Map.entry("jdk_home", JAVA_HOME),
            Map.entry("jar", JAR_PATH),
            Map.entry("jar_file", JAR_PATH),
            Map.entry("class_path", JAR_PATH),
            Map.entry("chunk_queue_max_size", CHUNK_QUEUE_SIZE),
            Map.entry("buffer_size", CHUNK_QUEUE_SIZE));

    public final String key;
    public final String defaultValue;
    public final String description;

    Property(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }
}
