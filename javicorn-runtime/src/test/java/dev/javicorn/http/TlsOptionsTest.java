package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import dev.javicorn.testing.TestCerts;
import dev.javicorn.tls.KeyMaterial;
import dev.javicorn.tls.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --ssl-ca-certs}, {@code --ssl-cert-reqs} and {@code --ssl-ciphers} on a real TLS socket. */
class TlsOptionsTest {
    private static final App APP = App.create().get("/", req -> "hello");
    static TestCerts server;
    static TestCerts client;

    @BeforeAll
    static void certificates() {
        server = TestCerts.shared(0);
        client = TestCerts.shared(1);
    }

    private static JettyServer serve(int certReqs, List<String> ciphers) {
        TlsOptions options = new TlsOptions(server.keyfile(), server.certfile(), null, null, client.certfile(), certReqs, ciphers);
        return JettyServer.start(APP, HttpOptions.defaults().withAccessLog(false).withProtocols(Protocols.H1),
                KeyMaterial.load(options), null);
    }

    /** GET / over a fresh TLS socket; the status line, or what failed. */
    private static String get(JettyServer jetty, SSLContext context) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", jetty.port())) {
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return response.isEmpty() ? "nothing" : response.lines().findFirst().orElseThrow();
        }
    }

    @Test
    void requiredClientCertificatesAreCheckedAgainstTheCaCerts() throws Exception {
        try (JettyServer jetty = serve(2, List.of())) {
            assertThat(get(jetty, client.presenting())).isEqualTo("HTTP/1.1 200 OK");
            assertThatThrownBy(() -> get(jetty, TestCerts.trustingEveryone())).as("no certificate").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> get(jetty, server.presenting())).as("a certificate no CA given vouches for")
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void optionalClientCertificatesLetAClientWithoutOneIn() throws Exception {
        try (JettyServer jetty = serve(1, List.of())) {
            assertThat(get(jetty, TestCerts.trustingEveryone())).isEqualTo("HTTP/1.1 200 OK");
            assertThat(get(jetty, client.presenting())).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void onlyTheNamedCipherSuitesAreOffered() throws Exception {
        String suite = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        try (JettyServer jetty = serve(0, List.of(suite));
             SSLSocket socket = (SSLSocket) TestCerts.trustingEveryone().getSocketFactory().createSocket("127.0.0.1", jetty.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getCipherSuite()).isEqualTo(suite);
        }
    }
}
