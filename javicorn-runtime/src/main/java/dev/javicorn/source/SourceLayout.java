package dev.javicorn.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** Where an app's sources are and where javicorn keeps what it builds from them. */
public final class SourceLayout {
    private static final Set<String> IGNORED_DIRS = Set.of("target", "build", "out", "node_modules");

    private SourceLayout() {}

    /** The folder holding the app's {@code .java} files: Maven's layout when present, else the app dir. */
    public static Path sourceRoot(Path appDir) {
        Path maven = appDir.resolve("src/main/java");
        return Files.isDirectory(maven) ? maven : appDir;
    }

    /** True for a path (relative to the source root) inside build output, VCS or hidden folders. */
    static boolean isIgnored(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            String name = relative.getName(i).toString();
            if (name.startsWith(".") || IGNORED_DIRS.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** javicorn's cache folder, {@code $XDG_CACHE_HOME/javicorn} (by default {@code ~/.cache/javicorn}). */
    public static Path cacheRoot() {
        String base = System.getenv("XDG_CACHE_HOME");
        Path cache = base != null && !base.isBlank() ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("javicorn");
    }

    /** javicorn's own cache folder for this app dir, outside the app's tree. */
    public static Path cacheDir(Path appDir) {
        Path cache = cacheRoot();
        String key = appDir.toAbsolutePath().normalize().toString();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String name = appDir.toAbsolutePath().normalize().getFileName() + "-" + HexFormat.of().formatHex(digest, 0, 6);
            return cache.resolve(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
