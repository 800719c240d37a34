package dev.javicorn.adopt;

import dev.javicorn.source.SourceLayout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.LocalDateTime;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/**
 * The jar a main-class worker's {@code -javaagent:} names. It holds only a manifest: the JVM needs
 * a jar to name an agent, but {@link Agent} itself is already on the worker's classpath (javicorn's
 * runtime jar, or its class folder in javicorn's own tests), where the system class loader finds it.
 *
 * <p>The jar is made once under javicorn's cache folder, with a name that is a digest of its bytes,
 * and never changes after: the JDK's start-up cache of an app maps only when a worker names the
 * very agent the worker that recorded it named, so the path must stay the same across runs.
 */
public final class AgentJar {
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2025, 1, 1, 0, 0);

    private AgentJar() {}

    /**
     * The agent jar, written now if it is not there yet. Safe to call from any thread and from
     * several javicorn processes at once: the jar is written to a temporary file and moved into place.
     *
     * @throws UncheckedIOException if the cache folder cannot be written
     */
    public static Path path() {
        byte[] jar = content();
        Path path = SourceLayout.cacheRoot().resolve("agent")
                .resolve("adopt-" + HexFormat.of().formatHex(sha256(jar), 0, 8) + ".jar");
        try {
            if (!Files.isRegularFile(path)) {
                Files.createDirectories(path.getParent());
                Path temporary = Files.createTempFile(path.getParent(), "adopt-", ".tmp");
                Files.write(temporary, jar);
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write javicorn's agent jar " + path + ": " + e.getMessage(), e);
        }
    }

    /** The jar's bytes; the same in every run (entries carry a fixed time). */
    static byte[] content() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(new Attributes.Name("Premain-Class"), Agent.class.getName());
        main.put(new Attributes.Name("Can-Retransform-Classes"), "true");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(JarFile.MANIFEST_NAME);
            entry.setTimeLocal(FIXED_TIME);
            out.putNextEntry(entry);
            manifest.write(out);
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
