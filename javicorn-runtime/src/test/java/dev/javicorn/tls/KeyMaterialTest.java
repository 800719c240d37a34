package dev.javicorn.tls;

import dev.javicorn.testing.TestCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every form of key uvicorn's users have, read with the JDK alone; every mistake one line. */
class KeyMaterialTest {
    @TempDir
    static Path tmp;
    static TestCerts certs;
    static TestCerts other;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCerts.shared(0);
        other = TestCerts.shared(1);
    }

    private static TlsOptions pem(Path key, Path cert, String password) {
        return new TlsOptions(key, cert, null, password, null, 0, List.of());
    }

    private static void assertServes(KeyMaterial material) throws Exception {
        KeyStore keys = material.keyStore();
        Certificate served = keys.getCertificate(keys.aliases().nextElement());
        assertThat(served).isEqualTo(certs.certificate());
    }

    @Test
    void readsPkcs8EncryptedPkcs8AndAKeystore() throws Exception {
        assertServes(KeyMaterial.load(pem(certs.keyfile(), certs.certfile(), null)));
        assertServes(KeyMaterial.load(pem(certs.encryptedKeyfile(), certs.certfile(), certs.password())));
        assertServes(KeyMaterial.load(new TlsOptions(null, null, certs.keystore(), certs.password(), null, 0, List.of())));
    }

    @Test
    void takesTheKeyFromTheCertfileWhenNoKeyfileIsGiven() throws Exception {
        Path both = tmp.resolve("both.pem");
        Files.writeString(both, Files.readString(certs.certfile()) + Files.readString(certs.keyfile()));
        assertServes(KeyMaterial.load(pem(null, both, null)));
    }

    @Test
    void readsOpensslTraditionalRsaAndEcKeys() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no openssl on this machine");
        Path rsa = tmp.resolve("rsa.pem");
        openssl("pkey", "-in", certs.keyfile().toString(), "-traditional", "-out", rsa.toString());
        assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertServes(KeyMaterial.load(pem(rsa, certs.certfile(), null)));

        Path ecKey = tmp.resolve("ec.pem");
        Path ecCert = tmp.resolve("ec-cert.pem");
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", ecKey.toString());
        openssl("req", "-new", "-x509", "-key", ecKey.toString(), "-subj", "/CN=localhost", "-days", "1", "-out", ecCert.toString());
        assertThat(Files.readString(ecKey)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(KeyMaterial.load(pem(ecKey, ecCert, null)).keyStore().size()).isEqualTo(1);
    }

    @Test
    void readsKeysEncryptedByOpenssl() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no openssl on this machine");
        Path pbes2 = tmp.resolve("openssl-pbes2.pem"); // OpenSSL 3's default: PBES2, AES-256-CBC, HMAC-SHA256
        openssl("pkcs8", "-topk8", "-in", certs.keyfile().toString(), "-passout", "pass:open-pw", "-out", pbes2.toString());
        assertServes(KeyMaterial.load(pem(pbes2, certs.certfile(), "open-pw")));
        Path legacy = tmp.resolve("openssl-3des.pem"); // the older PKCS#12 scheme, still met in the wild
        openssl("pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES", "-in", certs.keyfile().toString(), "-passout", "pass:open-pw",
                "-out", legacy.toString());
        assertServes(KeyMaterial.load(pem(legacy, certs.certfile(), "open-pw")));
        assertThatThrownBy(() -> KeyMaterial.load(pem(pbes2, certs.certfile(), "wrong")))
                .hasMessage("Wrong password for the key in " + pbes2 + " (--ssl-keyfile-password)");
    }

    @Test
    void badInputIsOneLineNamingTheFileAndOption() {
        assertThatThrownBy(() -> KeyMaterial.load(pem(tmp.resolve("nope.pem"), certs.certfile(), null)))
                .hasMessage("File not found: " + tmp.resolve("nope.pem") + " (--ssl-keyfile)");
        assertThatThrownBy(() -> KeyMaterial.load(pem(other.keyfile(), certs.certfile(), null)))
                .hasMessageStartingWith("The key in " + other.keyfile() + " does not match the certificate in " + certs.certfile());
        assertThatThrownBy(() -> KeyMaterial.load(pem(certs.encryptedKeyfile(), certs.certfile(), "wrong")))
                .hasMessage("Wrong password for the key in " + certs.encryptedKeyfile() + " (--ssl-keyfile-password)");
        assertThatThrownBy(() -> KeyMaterial.load(pem(certs.encryptedKeyfile(), certs.certfile(), null)))
                .hasMessageContaining("is encrypted: give its password with --ssl-keyfile-password");
        assertThatThrownBy(() -> KeyMaterial.load(pem(certs.keyfile(), certs.certfile(), "extra")))
                .hasMessageContaining("is not encrypted, but --ssl-keyfile-password was given");
        assertThatThrownBy(() -> KeyMaterial.load(pem(certs.certfile(), certs.certfile(), null)))
                .hasMessageStartingWith("No private key");
        assertThatThrownBy(() -> KeyMaterial.load(new TlsOptions(null, null, certs.keystore(), "wrong", null, 0, List.of())))
                .hasMessageStartingWith("Wrong password for the keystore " + certs.keystore());
        assertThatThrownBy(() -> KeyMaterial.load(new TlsOptions(certs.keyfile(), certs.certfile(), null, null, null, 0,
                List.of("TLS_NO_SUCH_SUITE")))).hasMessageStartingWith("--ssl-ciphers: this JDK has no cipher suite named 'TLS_NO_SUCH_SUITE'");
    }

    @Test
    void traditionalEncryptedKeysAreRefusedWithTheCommandThatConvertsThem() throws Exception {
        Path old = tmp.resolve("old.pem");
        Files.writeString(old, "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> KeyMaterial.load(pem(old, certs.certfile(), "pw")))
                .hasMessageContaining("openssl pkcs8 -topk8 -in " + old);
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefusedAndThePasswordNeverShows() {
        assertThatThrownBy(() -> new TlsOptions(certs.keyfile(), null, null, null, null, 0, List.of()))
                .hasMessage("--ssl-keyfile needs --ssl-certfile");
        assertThatThrownBy(() -> new TlsOptions(null, certs.certfile(), certs.keystore(), null, null, 0, List.of()))
                .hasMessageContaining("do not go together");
        assertThatThrownBy(() -> new TlsOptions(null, certs.certfile(), null, null, null, 3, List.of()))
                .hasMessageContaining("--ssl-cert-reqs must be 0 (none), 1 (optional) or 2 (required)");
        assertThat(pem(certs.keyfile(), certs.certfile(), "s3cret-pw").toString()).doesNotContain("s3cret-pw");
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
    }
}
