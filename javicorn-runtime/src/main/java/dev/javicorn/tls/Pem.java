package dev.javicorn.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM files as OpenSSL, certbot and uvicorn's users have them: {@code -----BEGIN label-----}
 * blocks of Base64, with text allowed around them (OpenSSL's {@code Bag Attributes}, comments) and
 * RFC 1421 headers inside a block (a traditional encrypted key's {@code Proc-Type}). The JDK
 * reads the DER inside; this class only finds it.
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message is one line naming the file
 * and the option it came from.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("^([A-Za-z-]+):\\s*(.*)$");

    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}...), its RFC 1421 headers and its bytes. */
    record Block(String label, Map<String, String> headers, byte[] der) {}

    private Pem() {}

    /** The blocks of {@code file}, in order. */
    static List<Block> read(Path file, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("File not found: " + file + " (" + option + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + file + " (" + option + "): " + e.getMessage());
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : m.group(2).split("\\R")) {
                Matcher header = HEADER.matcher(line.strip());
                if (header.matches()) {
                    headers.put(header.group(1), header.group(2));
                } else {
                    base64.append(line.strip());
                }
            }
            try {
                blocks.add(new Block(m.group(1), Map.copyOf(headers), Base64.getMimeDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Damaged PEM block '" + m.group(1) + "' in " + file + " (" + option + ")");
            }
        }
        return blocks;
    }

    /** Every certificate of {@code file}, in the file's order; at least one. */
    static List<X509Certificate> certificates(Path file, String option) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : read(file, option)) {
                if (block.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not a valid certificate in " + file + " (" + option + "): " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("No certificate (-----BEGIN CERTIFICATE-----) in " + file + " (" + option + ")");
        }
        return chain;
    }
}
