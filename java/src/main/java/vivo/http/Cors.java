package vivo.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * The CORS headers, on every response when {@code http_cors_allow_origin} is set, and the answer to an
 * {@code OPTIONS} preflight, which never touches a stream.
 *
 * @param allowOrigin   the configured origin, sent verbatim; null when CORS is off
 * @param authorization a token is required, so a page must be allowed to send {@code Authorization}
 */
record Cors(String allowOrigin, boolean authorization) {

    static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";
    static final String ALLOW_HEADERS = "Origin, X-Requested-With, Content-Type, Accept";
    static final String EXPOSE_HEADERS = String.join(", ",
            StreamHandler.EXPOSED.stream().map(Object::toString).toList());

    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_HEADERS_NAME = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString EXPOSE_HEADERS_NAME = new HttpString("Access-Control-Expose-Headers");
    private static final HttpString ALLOW_METHODS_NAME = new HttpString("Access-Control-Allow-Methods");

    void addTo(HeaderMap headers) {
        if (allowOrigin != null) {
            headers.put(ALLOW_ORIGIN, allowOrigin)
                    .put(ALLOW_HEADERS_NAME, authorization ? ALLOW_HEADERS + ", Authorization" : ALLOW_HEADERS)
                    .put(EXPOSE_HEADERS_NAME, EXPOSE_HEADERS);
        }
    }

    /** 204 with {@code Allow}, and {@code Access-Control-Allow-Methods} when CORS is on. */
    void preflight(HttpServerExchange exchange) {
        exchange.setStatusCode(204);
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(Headers.ALLOW, ALLOWED_METHODS);
        if (allowOrigin != null) {
            headers.put(ALLOW_METHODS_NAME, ALLOWED_METHODS);
        }
        exchange.endExchange();
    }
}
