package vivo.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

/**
 * How large a request's head is: the request line and every header, counted as they are written in
 * HTTP/1.1 (for HTTP/2, once decoded). A head above {@link #LIMIT} is answered 431; Undertow stops
 * reading one above {@link #READ_LIMIT} and closes the connection with a 400, so no client can make the
 * server hold more than that for one request.
 */
final class RequestHead {

    /** 16 KiB, what hardened servers allow (nginx's default is 4 x 8 KiB lines; Apache's, 8 KiB a line). */
    static final int LIMIT = 16 * 1024;
    static final int READ_LIMIT = 64 * 1024;

    private RequestHead() {
    }

    static long size(HttpServerExchange exchange) {
        String query = exchange.getQueryString();
        long size = exchange.getRequestMethod().length() + 1 + exchange.getRequestURI().length()
                + (query.isEmpty() ? 0 : 1 + query.length()) + 1 + exchange.getProtocol().length() + 2;
        for (HeaderValues header : exchange.getRequestHeaders()) {
            for (String value : header) {
                size += header.getHeaderName().length() + 2 + value.length() + 2;
            }
        }
        return size + 2;
    }
}
