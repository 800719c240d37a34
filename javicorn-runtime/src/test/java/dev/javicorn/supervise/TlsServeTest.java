package dev.javicorn.supervise;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.Curl;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real javicorn serving a native app over TLS from PEM files with an encrypted key, its worker
 * and its spare in JVMs of their own; real clients. One server for the class.
 */
class TlsServeTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String PASSWORD = TestCerts.SHARED_PASSWORD;
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
        if (Curl.speaksHttp2()) {
            assertThat(Curl.versionAndStatus("https://127.0.0.1:" + port + "/", "--http2")).isEqualTo("2 200");
            assertThat(Curl.versionAndStatus("https://127.0.0.1:" + port + "/", "--http1.1")).isEqualTo("1.1 200");
        }
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

        TestCerts stranger = TestCerts.shared(0); // a key of the same password that is not this certificate's
        Files.copy(stranger.encryptedKeyfile(), certs.encryptedKeyfile(), StandardCopyOption.REPLACE_EXISTING);
        javicorn.signal("HUP", false);
        javicorn.awaitLog("Application startup failed: The key in " + certs.encryptedKeyfile() + " does not match", START);
        assertThat(servedSerial()).as("the old worker keeps serving").isEqualTo(before);

        TestCerts renewed = TestCerts.make(tmp.resolve("certs"), PASSWORD); // the same files, a new key and certificate
        try (Http2Load load = Http2Load.start(port)) {
            load.awaitAnswers(20);
            javicorn.signal("HUP", false);
            BigInteger expected = renewed.certificate().getSerialNumber();
            Wait.until(() -> expected.equals(servedSerial()), START, () -> "still the old certificate; output:\n" + javicorn.output());
            javicorn.awaitLog("Finished server process", START); // the old worker drained its HTTP/2 connections
            load.awaitAnswers(load.answered() + 20);
            assertThat(load.failures()).as("HTTP/2 requests failed during the rolling restart").isEmpty();
        }
    }

    /** Four threads sending GETs over one HTTP/2 client (its connections reused) until closed. */
    private record Http2Load(HttpClient client, List<Thread> threads, AtomicInteger ok,
                             List<String> failures) implements AutoCloseable {
        static Http2Load start(int port) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(TestCerts.trustingEveryone()).build();
            Http2Load load = new Http2Load(client, new ArrayList<>(), new AtomicInteger(),
                    Collections.synchronizedList(new ArrayList<>()));
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build();
            for (int i = 0; i < 4; i++) {
                load.threads.add(Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200 && response.version() == HttpClient.Version.HTTP_2) {
                                load.ok.incrementAndGet();
                            } else {
                                load.failures.add(response.version() + " " + response.statusCode());
                            }
                        } catch (InterruptedException e) {
                            return;
                        } catch (IOException e) {
                            load.failures.add(e.toString());
                        }
                    }
                }));
            }
            return load;
        }

        int answered() {
            return ok.get();
        }

        void awaitAnswers(int count) {
            Wait.until(() -> ok.get() >= count || !failures.isEmpty(), START, () -> ok.get() + " answers");
        }

        @Override
        public void close() {
            threads.forEach(Thread::interrupt);
            client.close();
        }
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
