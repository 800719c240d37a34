package dev.javicorn.cli;

import dev.javicorn.testing.AppDirs;
import dev.javicorn.testing.RunningJavicorn;
import dev.javicorn.testing.TestCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS mistake is one line and exit 1 from the supervisor, before any worker starts, never a
 * stack trace. (Every message, the keystore's and the options' that do not go together included,
 * is checked in-process by tls.KeyMaterialTest; here a real javicorn shows them.)
 */
class TlsBadInputTest {
    @TempDir
    static Path tmp;
    static TestCerts certs;
    static TestCerts other;
    static Path app;

    @BeforeAll
    static void setUp() {
        certs = TestCerts.shared(0);
        other = TestCerts.shared(1);
        app = AppDirs.copy("native", tmp.resolve("app"), "Api.java");
    }

    private static void assertOneLineExit1(RunningJavicorn run, String line) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains(line)
                .doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("Started server process");
    }

    @Test
    void aMissingFileSaysWhichAndExits1() {
        Path missing = tmp.resolve("missing.pem");
        assertOneLineExit1(RunningJavicorn.run(app, "--port", "0", "--ssl-certfile", certs.certfile().toString(),
                "--ssl-keyfile", missing.toString(), "Api:app"), "File not found: " + missing + " (--ssl-keyfile)");
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateExits1() {
        assertOneLineExit1(RunningJavicorn.run(app, "--port", "0", "--ssl-certfile", certs.certfile().toString(),
                "--ssl-keyfile", other.keyfile().toString(), "Api:app"),
                "The key in " + other.keyfile() + " does not match the certificate in " + certs.certfile());
    }

    @Test
    void aWrongPasswordExits1() {
        assertOneLineExit1(RunningJavicorn.run(app, "--port", "0", "--ssl-certfile", certs.certfile().toString(),
                "--ssl-keyfile", certs.encryptedKeyfile().toString(), "--ssl-keyfile-password", "not-it", "Api:app"),
                "Wrong password for the key in " + certs.encryptedKeyfile() + " (--ssl-keyfile-password)");
    }

    @Test
    void tlsForAMainClassAppIsRefused() {
        Path main = AppDirs.copy("hello-main", tmp.resolve("main"), "Main.java");
        assertOneLineExit1(RunningJavicorn.run(main, "--port", "0", "--ssl-certfile", certs.certfile().toString(),
                "--ssl-keyfile", certs.keyfile().toString(), "Main"), "The --ssl-* options serve a native app (Class:member) over TLS");
    }
}
