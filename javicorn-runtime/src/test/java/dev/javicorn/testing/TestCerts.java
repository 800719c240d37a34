package dev.javicorn.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Self-signed certificates for tests, made with the JDK's own {@code keytool} (no OpenSSL needed):
 * a PKCS#12 keystore, and the certificate and the key written as PEM here from their DER bytes,
 * the key plain or encrypted the way {@code openssl pkcs8 -topk8} does (PBES2, AES-256).
 *
 * @param keystore the PKCS#12 keystore, protected by {@link #password}
 * @param certfile the certificate in PEM
 * @param keyfile the key in PEM, PKCS#8, not encrypted
 * @param encryptedKeyfile the key in PEM, encrypted PKCS#8, with {@link #password}
 */
public record TestCerts(Path keystore, Path certfile, Path keyfile, Path encryptedKeyfile, String password,
                        X509Certificate certificate) {
    /** The password of the {@link #shared} certificates. */
    public static final String SHARED_PASSWORD = "shared-password";
    private static final Map<Integer, TestCerts> SHARED = new ConcurrentHashMap<>();
    private static Path sharedDir;

    /**
     * The {@code n}th set of certificates, made once for the whole test JVM (a key pair costs a
     * keytool run): read them, never change their files; {@link #make} a set of your own for that.
     */
    public static synchronized TestCerts shared(int n) {
        try {
            if (sharedDir == null) {
                sharedDir = Files.createTempDirectory("javicorn-test-certs");
                Path dir = sharedDir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return SHARED.computeIfAbsent(n, i -> make(sharedDir.resolve("set-" + i), SHARED_PASSWORD));
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind
        }
    }

    /** Makes a fresh RSA key and a certificate for localhost and 127.0.0.1 in {@code dir} (created if needed); keytool wants a password of 6 characters or more. */
    public static TestCerts make(Path dir, String password) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("server.p12");
            Files.deleteIfExists(keystore);
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
            KeyStore store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
            Path certfile = dir.resolve("cert.pem"); // what keytool -exportcert -rfc writes, without a second JVM
            Files.writeString(certfile, pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
            PrivateKey key = (PrivateKey) store.getKey("server", password.toCharArray());
            Path keyfile = dir.resolve("key.pem");
            Files.writeString(keyfile, pem("PRIVATE KEY", key.getEncoded()));
            Path encrypted = dir.resolve("key-encrypted.pem");
            Files.writeString(encrypted, pem("ENCRYPTED PRIVATE KEY", encrypt(key.getEncoded(), password)));
            return new TestCerts(keystore, certfile, keyfile, encrypted, password, (X509Certificate) store.getCertificate("server"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test certificates: " + e, e);
        }
    }

    /** A TLS context that trusts any server: the tests check what the server sends, not who signed it. */
    public static SSLContext trustingEveryone() {
        return context(null);
    }

    /** As {@link #trustingEveryone}, showing this certificate when the server asks for a client's. */
    public SSLContext presenting() {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KeyStore.getInstance(keystore.toFile(), password.toCharArray()), password.toCharArray());
            return context(keys.getKeyManagers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context(KeyManager[] keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] encrypt(byte[] pkcs8, String password) throws Exception {
        String scheme = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        SecureRandom random = new SecureRandom();
        random.nextBytes(salt);
        random.nextBytes(iv);
        Cipher cipher = Cipher.getInstance(scheme);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        AlgorithmParameters parameters = cipher.getParameters();
        // EncryptedPrivateKeyInfo's own constructor does not take PBES2 parameters on this JDK: the DER by hand.
        byte[] pbes2 = java.util.HexFormat.of().parseHex("06092a864886f70d01050d");
        byte[] algorithm = tlv(0x30, concat(pbes2, parameters.getEncoded()));
        byte[] info = tlv(0x30, concat(algorithm, tlv(0x04, cipher.doFinal(pkcs8))));
        return new EncryptedPrivateKeyInfo(info).getEncoded();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] tlv(int tag, byte[] value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >>> 8);
            out.write(value.length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }
}
