package dev.javicorn.appcache;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The name of a start-up cache: a digest of what makes it valid — the JVM, each jar's path, size
 * and time, and the JVM options — so that a pom edit or another JDK means another cache.
 */
final class CacheKey {
    private CacheKey() {}

    static String of(String javaHome, String vmVersion, List<String> jars, List<String> jvmArgs) {
        List<String> key = new ArrayList<>(List.of(javaHome, vmVersion));
        for (String jar : jars) {
            File file = new File(jar);
            key.add(jar + "|" + file.length() + "|" + file.lastModified());
        }
        key.addAll(jvmArgs);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(String.join("\n", key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key for this JVM. */
    static String forThisJvm(List<String> jars, List<String> jvmArgs) {
        return of(System.getProperty("java.home"), System.getProperty("java.vm.version"), jars, jvmArgs);
    }
}
