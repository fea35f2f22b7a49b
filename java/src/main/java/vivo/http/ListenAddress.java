package vivo.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import vivo.config.ConfigException;

/**
 * {@code http_listen} and {@code http_port} as the user wrote them: resolved, told in the startup line,
 * and, when binding fails, named in a message that says what to change.
 */
record ListenAddress(String listen, int port) {

    InetAddress resolve() throws ConfigException {
        try {
            return InetAddress.getByName(listen);
        } catch (UnknownHostException e) {
            throw new ConfigException("http_listen: cannot resolve '" + listen
                    + "'; use an address of this host, such as 127.0.0.1 or 0.0.0.0");
        }
    }

    /** The failure of a bind (an IOException, maybe wrapped in a RuntimeException), in the user's terms. */
    ConfigException failure(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof IOException)) {
            cause = cause.getCause();
        }
        String reason = String.valueOf(cause.getMessage());
        if (cause instanceof BindException) {
            if (reason.contains("in use")) {
                return new ConfigException("http_port " + port + " is in use on " + listen + "; choose another http_port");
            }
            if (reason.contains("assign requested address")) {
                return new ConfigException("http_listen " + listen
                        + " is not an address of this host; use one of its addresses, or 127.0.0.1 or 0.0.0.0");
            }
            if (reason.contains("Permission denied")) {
                return new ConfigException("http_port " + port + " on " + listen
                        + " needs privileges Fluent Bit does not have; choose a port above 1023");
            }
        }
        return new ConfigException("cannot listen on " + listen + ":" + port + ": " + cause);
    }

    /**
     * The one info line of a start, saying whether it is over TLS and whether a token is needed; on
     * loopback it says how to listen on every interface.
     */
    static String startupLine(InetSocketAddress bound, boolean tls, boolean token) {
        InetAddress address = bound.getAddress();
        String host = address.getHostAddress();
        String where = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
        String line = "listening on " + where + (tls ? " over TLS" : "") + (token ? " with a bearer token" : "")
                + " (/logs /metrics /traces /api/v1/...)";
        return address.isLoopbackAddress() ? line + "; set http_listen 0.0.0.0 to listen on every interface" : line;
    }
}
