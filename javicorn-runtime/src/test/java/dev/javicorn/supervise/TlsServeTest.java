package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Procs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.TestCerts;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real javicorn serving a native app over TLS from PEM files with an encrypted key, its worker
 * and its spare in JVMs of their own; real clients. One server for the class.
 */
class TlsServeTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String PASSWORD = "tls-test-s3cret";
    @TempDir
    static Path tmp;
    static RunningJavicorn javicorn;
    static int port;
    static TestCerts certs;

    @BeforeAll
    static void serveOverTls() {
        certs = TestCerts.make(tmp.resolve("certs"), PASSWORD);
        Path app = AppDirs.copy("native", tmp.resolve("app"), "Api.java");
        javicorn = RunningJavicorn.start(app, "--port", "0", "--no-access-log",
                "--ssl-certfile", certs.certfile().toString(), "--ssl-keyfile", certs.encryptedKeyfile().toString(),
                "--ssl-keyfile-password", PASSWORD, "Api:app");
        port = javicorn.awaitReady(START);
    }

    @AfterAll
    static void stop() {
        if (javicorn != null) {
            javicorn.close();
        }
    }

    private static HttpResponse<String> get(HttpClient.Version version) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(version).sslContext(TestCerts.trustingEveryone()).build()) {
            return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void servesHttpsWithHttp2ThroughAlpnAndHttp11ToClientsThatAskForIt() throws Exception {
        assertThat(javicorn.output()).contains("Javicorn running on https://");
        HttpResponse<String> h2 = get(HttpClient.Version.HTTP_2);
        assertThat(h2.statusCode()).isEqualTo(200);
        assertThat(h2.body()).contains("Hello World");
        assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(get(HttpClient.Version.HTTP_1_1).version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    @Test
    void thePasswordIsInNoWorkersCommandLineNorEnvironment() throws IOException {
        Wait.until(() -> Procs.descendants(javicorn.pid()).size() >= 2, START, () -> "no worker and spare yet");
        List<Procs.Stat> workers = Procs.descendants(javicorn.pid());
        for (Procs.Stat worker : workers) {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(worker.pid()), "cmdline"));
            String environ = Files.readString(Path.of("/proc", Long.toString(worker.pid()), "environ"));
            assertThat(cmdline).as("cmdline of " + worker).doesNotContain(PASSWORD).contains("dev.javicorn.worker.WorkerMain");
            assertThat(environ).as("environ of " + worker).doesNotContain(PASSWORD);
        }
        // The check can see the password where it is: the supervisor's own command line, as the user typed it.
        assertThat(Files.readString(Path.of("/proc", Long.toString(javicorn.pid()), "cmdline"))).contains(PASSWORD);
    }

    @Test
    void aRollingRestartServesTheCertificateFilesAsTheyAreThenAndABrokenRenewalKeepsTheOldWorker() throws IOException {
        BigInteger before = servedSerial();
        assertThat(before).isEqualTo(certs.certificate().getSerialNumber());

        TestCerts stranger = TestCerts.make(tmp.resolve("stranger"), PASSWORD);
        Files.copy(stranger.encryptedKeyfile(), certs.encryptedKeyfile(), StandardCopyOption.REPLACE_EXISTING);
        javicorn.signal("HUP", false);
        javicorn.awaitLog("Application startup failed: The key in " + certs.encryptedKeyfile() + " does not match", START);
        assertThat(servedSerial()).as("the old worker keeps serving").isEqualTo(before);

        TestCerts renewed = TestCerts.make(tmp.resolve("certs"), PASSWORD); // the same files, a new key and certificate
        javicorn.signal("HUP", false);
        BigInteger expected = renewed.certificate().getSerialNumber();
        Wait.until(() -> expected.equals(servedSerial()), START, () -> "still the old certificate; output:\n" + javicorn.output());
    }

    private static BigInteger servedSerial() {
        try (SSLSocket socket = (SSLSocket) TestCerts.trustingEveryone().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (IOException e) {
            return BigInteger.ZERO;
        }
    }
}
