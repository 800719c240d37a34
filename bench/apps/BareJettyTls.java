import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The bare Jetty 12 peer of the TLS benchmark: BareJetty's handler (fixed JSON bytes, a default
 * thread pool of platform threads) behind Jetty's own TLS, with HTTP/2 and HTTP/1.1 through ALPN,
 * as the Jetty documentation wires it. The key and certificate come in a PKCS#12 file.
 *
 * <p>Run: {@code java -cp 'javicorn-runtime/target/lib/*' bench/apps/BareJettyTls.java PORT KEYSTORE PASSWORD}
 */
public class BareJettyTls {
    public static void main(String[] args) throws Exception {
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new SecureRequestCustomizer(false)); // a test certificate for localhost, reached as 127.0.0.1
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(args[1]);
        ssl.setKeyStorePassword(args[2]);
        ssl.setKeyStoreType("PKCS12");
        HttpConnectionFactory h1 = new HttpConnectionFactory(config);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(h1.getProtocol());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, h1);
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        server.setHandler(BareJetty.handler());
        server.start();
        System.out.println("BareJettyTls listening on " + args[0]);
        server.join();
    }
}
