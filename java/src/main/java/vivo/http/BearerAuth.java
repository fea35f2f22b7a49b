package vivo.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code http_auth_token}: every request but a CORS preflight (browsers send those without credentials)
 * must carry {@code Authorization: Bearer <token>}. The token is compared in constant time, so the time
 * an answer takes says nothing about how much of a guess was right; a request without it, or with
 * another, gets {@code 401} with {@code WWW-Authenticate} as RFC 6750 has it, and nothing of a stream.
 */
final class BearerAuth {

    private static final String SCHEME = "Bearer ";

    private final byte[] token;

    BearerAuth(String token) {
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** True when the request carries the token; otherwise it has been answered 401. */
    boolean admits(HttpServerExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
        if (bearer) {
            byte[] given = authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.US_ASCII);
            // isEqual takes as long for any guess of the token's length, right or wrong
            if (MessageDigest.isEqual(token, given)) {
                return true;
            }
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE,
                bearer ? "Bearer realm=\"vivo_java\", error=\"invalid_token\"" : "Bearer realm=\"vivo_java\"");
        Replies.error(exchange, 401, bearer ? "the bearer token is not the one http_auth_token holds"
                : "this API needs Authorization: Bearer <the token of http_auth_token>");
        return false;
    }
}
