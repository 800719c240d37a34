package dev.javicorn.http;

import dev.javicorn.tls.KeyMaterial;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The part of {@link JettyServer}'s wiring that says which protocols a connection may speak
 * ({@code --http}) and how TLS is set up ({@code --ssl-*}), kept apart only for the length of that
 * file. Each connection starts with the first factory and moves on from it: TLS to ALPN to h2 or
 * HTTP/1.1, or HTTP/1.1 to h2c.
 */
final class ConnectionFactories {
    private ConnectionFactories() {}

    /**
     * The protocols of the connector, the first being what a connection starts with. On a plain
     * socket HTTP/1.1 comes first and takes an h2c client's prior-knowledge preface to the HTTP/2
     * factory (an {@code Upgrade: h2c} is declined, see {@link PriorKnowledgeOnly}). On TLS, ALPN picks between h2 and http/1.1,
     * http/1.1 for a client that offers nothing.
     */
    static List<ConnectionFactory> of(HttpConfiguration config, Protocols protocols, KeyMaterial tls) {
        boolean h1 = protocols != Protocols.H2;
        boolean h2 = protocols != Protocols.H1;
        List<ConnectionFactory> factories = new ArrayList<>();
        if (tls == null) {
            if (h1) {
                factories.add(new HttpConnectionFactory(config));
            }
            if (h2) {
                factories.add(new PriorKnowledgeOnly(config));
            }
            return factories;
        }
        HttpConfiguration https = new HttpConfiguration(config);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // A client may name the server by an address the certificate does not (a test, a load balancer's probe):
        // the certificate check is the client's business, as with uvicorn.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        List<String> offered = new ArrayList<>();
        if (h2) {
            offered.add("h2");
        }
        if (h1) {
            offered.add("http/1.1");
        }
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(offered.toArray(String[]::new));
        alpn.setDefaultProtocol(offered.getLast());
        factories.add(new SslConnectionFactory(newSslContextFactory(tls, h2), alpn.getProtocol()));
        factories.add(alpn);
        if (h2) {
            factories.add(new HTTP2ServerConnectionFactory(https));
        }
        if (h1) {
            factories.add(new HttpConnectionFactory(https));
        }
        return factories;
    }

    /**
     * h2c by prior knowledge, never by {@code Upgrade: h2c}: the JDK's HttpClient asks for that
     * upgrade on every plain connection, and an upgraded connection that meets a drain could lose a
     * request (once in 100 reloads under load: the client opened a stream as the draining worker
     * closed its connection), where HTTP/1.1's {@code Connection: close} never does. Declining the
     * upgrade answers the request over HTTP/1.1, as a server without h2c would.
     */
    static final class PriorKnowledgeOnly extends HTTP2CServerConnectionFactory {
        PriorKnowledgeOnly(HttpConfiguration config) {
            super(config);
        }

        @Override
        public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                HttpFields.Mutable responseFields) {
            return HttpMethod.PRI.is(request.getMethod()) ? super.upgradeConnection(connector, endPoint, request, responseFields) : null;
        }
    }

    /**
     * Jetty's TLS from javicorn's in-memory key stores. With {@code --ssl-ciphers} exactly those
     * suites are offered (Jetty's own exclusions lifted: the user named them); with HTTP/2 the
     * suites HTTP/2 allows are preferred, as RFC 9113 asks.
     */
    static SslContextFactory.Server newSslContextFactory(KeyMaterial tls, boolean h2) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(KeyMaterial.STORE_PASSWORD);
        ssl.setKeyManagerPassword(KeyMaterial.STORE_PASSWORD);
        if (tls.trustStore() != null) {
            ssl.setTrustStore(tls.trustStore());
        }
        ssl.setWantClientAuth(tls.options().certReqs() == 1);
        ssl.setNeedClientAuth(tls.options().certReqs() == 2);
        if (!tls.options().ciphers().isEmpty()) {
            ssl.setExcludeCipherSuites();
            ssl.setIncludeCipherSuites(tls.options().ciphers().toArray(String[]::new));
        }
        if (h2) {
            ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
            ssl.setUseCipherSuitesOrder(true);
        }
        return ssl;
    }
}
