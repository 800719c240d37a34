package dev.javicorn.source;

import dev.javicorn.log.Log;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Maven javicorn brings itself, for a project that has neither {@code ./mvnw} nor {@code mvn}
 * on the {@code PATH}, or pins a Maven too old for the plugins javicorn asks it to run: Apache
 * Maven's binary distribution, as the Maven Wrapper takes it, from Maven Central (or from
 * {@code $MVNW_REPOURL}, the wrapper's own setting for a mirror), checked against its published
 * SHA-512 and unpacked once into javicorn's cache folder.
 */
final class OwnMaven {
    static final String VERSION = "3.9.16";
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private OwnMaven() {}

    /** Where it is unpacked: {@code ~/.cache/javicorn/maven/apache-maven-VERSION}. */
    static Path home() {
        return SourceLayout.cacheRoot().resolve("maven").resolve("apache-maven-" + VERSION);
    }

    /**
     * The command that runs it, downloading and unpacking it first if needed.
     *
     * @throws MavenProject.ResolutionException with one line when it cannot be downloaded or unpacked
     * @throws BuildCancelledException if the thread is interrupted meanwhile
     */
    static List<String> command() throws MavenProject.ResolutionException, BuildCancelledException {
        Path mvn = home().resolve("bin/mvn");
        if (!Files.isExecutable(mvn)) {
            download();
        }
        return List.of(mvn.toString());
    }

    private static void download() throws MavenProject.ResolutionException, BuildCancelledException {
        String base = System.getenv().getOrDefault("MVNW_REPOURL", CENTRAL).replaceAll("/+$", "");
        String url = base + "/org/apache/maven/apache-maven/" + VERSION + "/apache-maven-" + VERSION + "-bin.zip";
        Log.info("Downloading Maven " + VERSION + " (9 MB, once) from " + url + "...");
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build()) {
            Path folder = Files.createDirectories(home().getParent());
            Path zip = folder.resolve("apache-maven-" + VERSION + "-bin.zip.part");
            HttpResponse<Path> got = http.send(request(url), HttpResponse.BodyHandlers.ofFile(zip));
            HttpResponse<String> sum = http.send(request(url + ".sha512"), HttpResponse.BodyHandlers.ofString());
            if (got.statusCode() != 200 || sum.statusCode() != 200) {
                throw new MavenProject.ResolutionException("cannot download Maven " + VERSION + " from " + url + ": HTTP "
                        + (got.statusCode() != 200 ? got.statusCode() : sum.statusCode()), List.of());
            }
            String expected = sum.body().strip().split("\\s+")[0];
            if (!sha512(zip).equalsIgnoreCase(expected)) {
                Files.deleteIfExists(zip);
                throw new MavenProject.ResolutionException("the Maven " + VERSION + " downloaded from " + url
                        + " does not match its published SHA-512", List.of());
            }
            unpack(zip, folder);
            Files.deleteIfExists(zip);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildCancelledException("while downloading Maven");
        } catch (IOException e) {
            throw new MavenProject.ResolutionException("cannot download Maven " + VERSION + " from " + url + ": "
                    + IoFailure.describe(e), List.of());
        }
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build();
    }

    /** Unpacks into a folder of its own, then moves it into place: a half-unpacked Maven is never used. */
    private static void unpack(Path zip, Path folder) throws IOException {
        Path scratch = Files.createTempDirectory(folder, "unpack");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path to = scratch.resolve(entry.getName()).normalize();
                if (!to.startsWith(scratch)) {
                    throw new IOException("the Maven archive holds a path outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Path unpacked = scratch.resolve("apache-maven-" + VERSION);
        Files.setPosixFilePermissions(unpacked.resolve("bin/mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        SourceCompiler.deleteTree(home());
        Files.move(unpacked, home(), StandardCopyOption.ATOMIC_MOVE);
        SourceCompiler.deleteTree(scratch);
    }

    private static String sha512(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-512");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when Maven failed because it is too old for a plugin javicorn asked it to run. */
    static boolean tooOldFor(List<String> output) {
        return output.stream().anyMatch(line -> line.contains("requires Maven version")
                && (line.contains("maven-dependency-plugin") || line.contains("maven-help-plugin")));
    }
}
