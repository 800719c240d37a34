package dev.javicorn.tls;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A private key out of a PEM file, with the JDK alone: PKCS#8 ({@code PRIVATE KEY}), encrypted
 * PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, what {@code openssl pkcs8 -topk8} and OpenSSL 3 write),
 * and OpenSSL's traditional {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY} (SEC1),
 * which the JDK cannot read as they are, so they are wrapped into PKCS#8 here with a few DER
 * bytes. A traditional key encrypted with OpenSSL's own scheme ({@code Proc-Type: 4,ENCRYPTED}) is
 * refused with the command that converts it.
 *
 * <p>A password given for a key that is not encrypted, and the reverse, are mistakes worth a line
 * each: the user meant another file.
 */
final class PrivateKeys {
    private static final String OPTION = "--ssl-keyfile";
    /** AlgorithmIdentifier of rsaEncryption (1.2.840.113549.1.1.1) with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
    /** The OID id-ecPublicKey (1.2.840.10045.2.1), encoded. */
    private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");
    private static final List<String> ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "XDH", "DSA");

    private PrivateKeys() {}

    /**
     * The one private key in {@code file}.
     *
     * @param password the key's password, or null
     * @throws IllegalArgumentException one line: no key, a form not supported, a wrong or missing password
     */
    static PrivateKey read(Path file, String password) {
        List<Pem.Block> keys = Pem.read(file, OPTION).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No private key (-----BEGIN PRIVATE KEY-----) in " + file + " (" + OPTION + ")");
        }
        Pem.Block key = keys.getFirst();
        boolean encrypted = key.label().equals("ENCRYPTED PRIVATE KEY");
        if (key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
            throw new IllegalArgumentException("The key in " + file + " is encrypted in OpenSSL's traditional form, which"
                    + " javicorn does not read; convert it with: openssl pkcs8 -topk8 -in " + file + " -out key.pem (" + OPTION + ")");
        }
        if (encrypted && password == null) {
            throw new IllegalArgumentException("The key in " + file + " is encrypted: give its password with --ssl-keyfile-password");
        }
        if (!encrypted && password != null) {
            throw new IllegalArgumentException("The key in " + file + " is not encrypted, but --ssl-keyfile-password was given");
        }
        byte[] pkcs8 = switch (key.label()) {
            case "PRIVATE KEY" -> key.der();
            case "ENCRYPTED PRIVATE KEY" -> decrypt(key.der(), password, file);
            case "RSA PRIVATE KEY" -> sequence(new byte[] {2, 1, 0}, RSA_ALGORITHM, tlv(0x04, key.der()));
            case "EC PRIVATE KEY" -> sequence(new byte[] {2, 1, 0}, sequence(EC_PUBLIC_KEY, curve(key.der(), file)), tlv(0x04, key.der()));
            default -> throw new IllegalArgumentException("javicorn does not read a '" + key.label() + "' key (" + file + ", "
                    + OPTION + "); convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        };
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException notThisOne) {
                // the next algorithm
            }
        }
        throw new IllegalArgumentException("Not a private key the JDK knows in " + file + " (" + OPTION + ")");
    }

    /** The PKCS#8 bytes inside an EncryptedPrivateKeyInfo (PBES2, or the older PBE schemes). */
    private static byte[] decrypt(byte[] der, String password, Path file) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String scheme = info.getAlgName();
            if (scheme.equals("PBES2") || scheme.equals("1.2.840.113549.1.5.13")) {
                scheme = info.getAlgParameters().toString(); // e.g. PBEWithHmacSHA256AndAES_256, what OpenSSL 3 writes
            }
            SecretKeyFactory factory = SecretKeyFactory.getInstance(scheme);
            Cipher cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())), info.getAlgParameters());
            return info.getKeySpec(cipher).getEncoded();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("The key in " + file + " is encrypted with a scheme this JDK does not know ("
                    + e.getMessage() + "); re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + file + " -out key.pem");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("Wrong password for the key in " + file + " (--ssl-keyfile-password)");
        }
    }

    /** The named curve's OID from a SEC1 key's {@code [0] parameters}, which OpenSSL always writes. */
    private static byte[] curve(byte[] sec1, Path file) {
        int[] at = {0};
        byte[] body = read(sec1, at, 0x30);
        at[0] = 0;
        read(body, at, 0x02); // version
        read(body, at, 0x04); // the private key
        byte[] parameters = at[0] < body.length && (body[at[0]] & 0xff) == 0xa0 ? read(body, at, 0xa0) : new byte[0];
        if (parameters.length > 0 && parameters[0] == 0x06) {
            return parameters; // the OID, tag and length included
        }
        throw new IllegalArgumentException("The EC key in " + file + " names no curve; convert it with:"
                + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem (" + OPTION + ")");
    }

    /** The contents of the DER element at {@code at[0]}, which must carry {@code tag}; moves past it. */
    private static byte[] read(byte[] der, int[] at, int tag) {
        int i = at[0];
        if (i + 2 > der.length || (der[i] & 0xff) != tag) {
            throw new IllegalArgumentException("Damaged DER in a private key");
        }
        int length = der[i + 1] & 0xff;
        i += 2;
        if (length > 0x80) {
            int bytes = length - 0x80;
            length = 0;
            for (int b = 0; b < bytes; b++) {
                length = (length << 8) | (der[i++] & 0xff);
            }
        }
        at[0] = i + length;
        return Arrays.copyOfRange(der, i, i + length);
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            body.writeBytes(part);
        }
        return tlv(0x30, body.toByteArray());
    }

    /** Tag, DER length (short or long form), value. */
    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int b = bytes - 1; b >= 0; b--) {
                out.write(n >>> (8 * b));
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
