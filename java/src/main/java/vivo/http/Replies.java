package vivo.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The small fixed answers: JSON errors, plain text and the viewer's files. */
final class Replies {

    static final String JSON = "application/json";
    static final String NO_STORE = "no-store";

    private Replies() {
    }

    /** {@code status} with the body {@code {"error":"<message>"}\n}. */
    static void error(HttpServerExchange exchange, int status, String message) {
        send(exchange, status, JSON, "{\"error\":\"" + jsonEscape(message) + "\"}\n");
    }

    static void send(HttpServerExchange exchange, int status, String contentType, String body) {
        send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpServerExchange exchange, int status, String contentType, byte[] bytes) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders()
                .put(Headers.CONTENT_TYPE, contentType)
                .put(Headers.CACHE_CONTROL, NO_STORE)
                .put(Headers.CONTENT_LENGTH, bytes.length);
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
        }
    }

    /** The body of a JSON string: quotes, backslashes and control characters escaped. */
    static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
