package vivo.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;

/**
 * The built-in viewer: one page, its stylesheet and its scripts, read from the jar once and served as
 * they are (no templating, so what the browser runs is what the jar holds). The page is at {@code /} for
 * a request whose {@code Accept} names {@code text/html} (a browser's); {@code curl /} keeps the banner.
 *
 * <p>These files hold no data and are the same in every install, so they are served without the
 * token: a browser cannot add {@code Authorization} to a page load, and the page itself asks for the
 * token and sends it on every stream request (viewer.js). Every stream path still needs it.
 *
 * <p>The Content-Security-Policy lets the page load only its own script and stylesheet and talk only to
 * its own origin: no inline script, nothing from elsewhere, no framing. {@code no-store}, as for every
 * other answer, so a page never runs with the script of an older jar.
 */
final class Viewer {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final HttpString CSP = new HttpString("Content-Security-Policy");
    private static final HttpString NO_SNIFF = new HttpString("X-Content-Type-Options");
    private static final HttpString REFERRER = new HttpString("Referrer-Policy");

    private record Asset(String contentType, byte[] bytes) {
    }

    private final Asset page = load("index.html", "text/html; charset=utf-8");
    private final Map<String, Asset> files = Map.of(
            "/viewer.js", load("viewer.js", "text/javascript; charset=utf-8"),
            "/sse.js", load("sse.js", "text/javascript; charset=utf-8"),
            "/rows.js", load("rows.js", "text/javascript; charset=utf-8"),
            "/viewer.css", load("viewer.css", "text/css; charset=utf-8"));

    /** Whether {@code Accept} names {@code text/html} with a weight above 0, as a browser's page load does. */
    static boolean wanted(HttpServerExchange exchange) {
        HeaderValues accepts = exchange.getRequestHeaders().get(Headers.ACCEPT);
        if (accepts == null) {
            return false;
        }
        for (String accept : accepts) {
            for (String range : accept.split(",")) {
                String[] parts = range.split(";");
                if (parts[0].strip().equalsIgnoreCase("text/html") && !refused(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code q=0} after a media range means "not this one" (RFC 9110 §12.4.2). */
    private static boolean refused(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.regionMatches(true, 0, "q=", 0, 2)) {
                try {
                    return Double.parseDouble(p.substring(2)) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** The requests the token does not guard: a GET or HEAD of the page or of its own files. */
    boolean isPublic(String path, HttpServerExchange exchange) {
        HttpString method = exchange.getRequestMethod();
        boolean read = method.equals(Methods.GET) || method.equals(Methods.HEAD);
        return read && (files.containsKey(path) || path.equals("/") && wanted(exchange));
    }

    void sendPage(HttpServerExchange exchange) {
        send(exchange, page);
    }

    /** The paths of the page's own files (its scripts and stylesheet), each served by {@link #sendFile}. */
    Set<String> files() {
        return files.keySet();
    }

    void sendFile(HttpServerExchange exchange, String path) {
        send(exchange, files.get(path));
    }

    private static void send(HttpServerExchange exchange, Asset asset) {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(CSP, POLICY).put(NO_SNIFF, "nosniff").put(REFERRER, "no-referrer");
        Replies.send(exchange, 200, asset.contentType(), asset.bytes());
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = Viewer.class.getResourceAsStream("/vivo/viewer/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no vivo/viewer/" + name + "; rebuild it with ./build.sh");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read vivo/viewer/" + name + " from the jar: " + e, e);
        }
    }
}
