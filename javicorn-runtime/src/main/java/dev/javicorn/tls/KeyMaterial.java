package dev.javicorn.tls;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * The server's key, its certificate chain and the certificates client certificates are checked
 * against, read from the {@code --ssl-*} files into in-memory key stores for Jetty.
 *
 * <p>Loaded twice on purpose: once by the supervisor before any worker starts, so that a missing
 * file, a wrong password or a key that does not match its certificate is one line and exit 1; and
 * by each worker as it starts serving, so that a {@code HUP} (a rolling restart) serves renewed
 * certificates without a restart of javicorn.
 *
 * @param keyStore the key and its chain, as one entry, protected by {@link #STORE_PASSWORD}
 * @param trustStore the {@code --ssl-ca-certs}, or null when none were given
 * @param options the options it was loaded from (client certificates, cipher suites)
 */
public record KeyMaterial(KeyStore keyStore, KeyStore trustStore, TlsOptions options) {
    /**
     * Protects the key inside {@link #keyStore}, which never leaves this process's memory; the
     * JDK's key stores want one.
     */
    public static final String STORE_PASSWORD = "javicorn-in-memory";
    private static final String ALIAS = "javicorn";

    /**
     * Reads and checks every file {@code options} name. Any thread.
     *
     * @throws IllegalArgumentException one line naming the file and the option: a missing or
     *     unreadable file, no key or certificate in it, a wrong or missing password, a key that
     *     does not match its certificate, a cipher suite the JDK does not know
     */
    public static KeyMaterial load(TlsOptions options) {
        if (!options.enabled()) {
            throw new IllegalArgumentException("TLS is off: no --ssl-certfile or --ssl-keystore");
        }
        PrivateKey key;
        Certificate[] chain;
        if (options.keystore() != null) {
            KeyStore.PrivateKeyEntry entry = fromKeystore(options.keystore(), options.password());
            key = entry.getPrivateKey();
            chain = entry.getCertificateChain();
        } else {
            chain = Pem.certificates(options.certfile(), "--ssl-certfile").toArray(Certificate[]::new);
            key = PrivateKeys.read(options.keySource(), options.password());
        }
        if (!matches(key, chain[0].getPublicKey())) {
            throw new IllegalArgumentException("The key in " + options.keySource() + " does not match the certificate in "
                    + (options.keystore() != null ? options.keystore() : options.certfile()) + " (--ssl-keyfile, --ssl-certfile)");
        }
        checkCiphers(options.ciphers());
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(ALIAS, key, STORE_PASSWORD.toCharArray(), chain);
            KeyStore trust = null;
            if (options.caCerts() != null) {
                trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                List<X509Certificate> cas = Pem.certificates(options.caCerts(), "--ssl-ca-certs");
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
            }
            return new KeyMaterial(keys, trust, options);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot hold the key of " + options.keySource() + " in memory: " + e.getMessage());
        }
    }

    /** The first key entry of a PKCS#12 (or JKS) keystore, opened with {@code password}. */
    private static KeyStore.PrivateKeyEntry fromKeystore(Path file, String password) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("File not found: " + file + " (--ssl-keystore)");
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore store;
        try {
            store = KeyStore.getInstance(new File(file.toString()), secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new IllegalArgumentException("Wrong password for the keystore " + file + " (--ssl-keyfile-password)");
            }
            throw new IllegalArgumentException("Not a PKCS#12 keystore: " + file + " (--ssl-keystore): " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a PKCS#12 keystore: " + file + " (--ssl-keystore): " + e.getMessage());
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return (KeyStore.PrivateKeyEntry) store.getEntry(alias, new KeyStore.PasswordProtection(secret));
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("Wrong password for the key in the keystore " + file + " (--ssl-keyfile-password)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the key in the keystore " + file + " (--ssl-keystore): " + e.getMessage());
        }
        throw new IllegalArgumentException("No private key in the keystore " + file + " (--ssl-keystore)");
    }

    /**
     * Whether {@code key} is the private half of {@code certified}: the same modulus for RSA, else
     * a signature made with the one and checked with the other.
     */
    static boolean matches(PrivateKey key, PublicKey certified) {
        if (key instanceof RSAPrivateCrtKey rsa && certified instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
            case "DSA" -> "SHA256withDSA";
            default -> null;
        };
        if (algorithm == null) {
            return key.getAlgorithm().equals(certified.getAlgorithm());
        }
        try {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Each {@code --ssl-ciphers} name must be a cipher suite this JDK supports. */
    private static void checkCiphers(List<String> ciphers) {
        if (ciphers.isEmpty()) {
            return;
        }
        Set<String> known;
        try {
            known = Set.copyOf(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        for (String cipher : ciphers) {
            if (!known.contains(cipher)) {
                throw new IllegalArgumentException("--ssl-ciphers: this JDK has no cipher suite named '" + cipher
                        + "' (the JDK's names are IANA's, e.g. TLS_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
            }
        }
    }
}
