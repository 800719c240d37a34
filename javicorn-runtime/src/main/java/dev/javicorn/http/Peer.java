package dev.javicorn.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who sent a request and over which scheme, as uvicorn's proxy-headers middleware sees it: the
 * socket's peer, unless that peer is a trusted proxy, in which case {@code X-Forwarded-For} names
 * the client (port unknown, so 0) and {@code X-Forwarded-Proto} the scheme.
 */
record Peer(String host, int port, String scheme) {
    /**
     * @param trusted the proxies to believe, or {@code null} when {@code --proxy-headers} is off
     */
    static Peer of(Request request, TrustedProxies trusted) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        String scheme = request.getHttpURI().getScheme();
        if (scheme == null) {
            scheme = request.isSecure() ? "https" : "http";
        }
        if (!(remote instanceof InetSocketAddress socket)) {
            // A Unix domain socket has no address; uvicorn leaves the client unknown too.
            return new Peer("", 0, scheme);
        }
        Peer direct = new Peer(socket.getAddress().getHostAddress(), socket.getPort(), scheme);
        if (trusted == null || !trusted.trusts(socket.getAddress())) {
            return direct;
        }
        String proto = request.getHeaders().get(HttpHeader.X_FORWARDED_PROTO);
        String forwardedFor = request.getHeaders().get(HttpHeader.X_FORWARDED_FOR);
        String host = forwardedFor == null ? direct.host() : trusted.client(forwardedFor);
        int port = forwardedFor == null ? direct.port() : 0;
        return new Peer(host, port, proto == null ? scheme : proto.strip().toLowerCase(Locale.ROOT));
    }

    /** {@code host:port} as an access line shows it. */
    String hostPort() {
        return host + ":" + port;
    }
}
