package dev.javicorn.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --ssl-*} options, with uvicorn's names and meanings. Immutable; the constructor checks
 * how the options combine, {@link KeyMaterial#load} checks the files.
 *
 * <p>The password is held here only in the supervisor and, once it has arrived over the control
 * channel, in a worker: it never travels in a worker's command line or environment (see
 * {@link #withoutPassword}). {@link #toString} never shows it.
 *
 * @param keyfile the private key in PEM ({@code --ssl-keyfile}); null to take it from the certfile
 * @param certfile the certificate chain in PEM, the server's first ({@code --ssl-certfile})
 * @param keystore a PKCS#12 keystore holding the key and its chain instead ({@code --ssl-keystore})
 * @param password the key's or the keystore's password ({@code --ssl-keyfile-password}); null for none
 * @param caCerts PEM certificates that client certificates are checked against ({@code --ssl-ca-certs})
 * @param certReqs client certificates: 0 not asked for, 1 optional, 2 required ({@code --ssl-cert-reqs},
 *     Python's {@code ssl.CERT_NONE}, {@code CERT_OPTIONAL}, {@code CERT_REQUIRED})
 * @param ciphers the cipher suites allowed, as the JDK names them ({@code --ssl-ciphers}); empty for the JDK's
 */
public record TlsOptions(Path keyfile, Path certfile, Path keystore, String password, Path caCerts, int certReqs,
                         List<String> ciphers) {
    /** TLS off: plain HTTP. */
    public static final TlsOptions NONE = new TlsOptions(null, null, null, null, null, 0, List.of());

    public TlsOptions {
        ciphers = List.copyOf(ciphers);
        require(certReqs >= 0 && certReqs <= 2, "--ssl-cert-reqs must be 0 (none), 1 (optional) or 2 (required), got " + certReqs);
        require(certfile == null || keystore == null, "--ssl-certfile and --ssl-keystore do not go together: give one of them");
        require(keyfile == null || certfile != null, "--ssl-keyfile needs --ssl-certfile");
        boolean on = certfile != null || keystore != null;
        require(on || password == null, "--ssl-keyfile-password needs --ssl-keyfile, --ssl-certfile or --ssl-keystore");
        require(on || caCerts == null, "--ssl-ca-certs needs --ssl-certfile or --ssl-keystore");
        require(on || certReqs == 0, "--ssl-cert-reqs needs --ssl-certfile or --ssl-keystore");
        require(on || ciphers.isEmpty(), "--ssl-ciphers needs --ssl-certfile or --ssl-keystore");
    }

    /** Whether javicorn serves HTTPS. */
    public boolean enabled() {
        return certfile != null || keystore != null;
    }

    /** The file the private key is read from: the keyfile, else the certfile, else the keystore. */
    public Path keySource() {
        return keystore != null ? keystore : keyfile != null ? keyfile : certfile;
    }

    /** These options as a worker's command line carries them: the password is sent apart. */
    public TlsOptions withoutPassword() {
        return new TlsOptions(keyfile, certfile, keystore, null, caCerts, certReqs, ciphers);
    }

    /** These options with the password that came apart from them. */
    public TlsOptions withPassword(String secret) {
        return new TlsOptions(keyfile, certfile, keystore, secret, caCerts, certReqs, ciphers);
    }

    @Override
    public String toString() {
        return "TlsOptions[keyfile=" + keyfile + ", certfile=" + certfile + ", keystore=" + keystore + ", password="
                + (password == null ? "none" : "(hidden)") + ", caCerts=" + caCerts + ", certReqs=" + certReqs
                + ", ciphers=" + ciphers + "]";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
