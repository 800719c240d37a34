package dev.javicorn.http;

import dev.javicorn.StaticFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.http.content.ResourceHttpContent;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * One {@code app.files} folder: finds the file a request path names, and only ever one inside the
 * folder. Serving (conditional requests, ranges, HEAD) is Jetty's {@code ResourceService}, fed
 * through {@link #content}; this class decides what may be served.
 *
 * <p>The request path is checked segment by segment after percent-decoding each one, so no
 * spelling of {@code ..} ({@code %2e%2e}, {@code %252e%252e} once Jetty has decoded a level,
 * {@code ..%2f}) can climb out; a segment that decodes to {@code .}, {@code ..}, or holds a
 * {@code /}, a {@code \} or a NUL is refused, and so is an empty one (a folder). The file's real
 * path, symbolic links followed, must then still be inside the folder's real path: a link to
 * {@code /etc/passwd} is refused, a link to another file of the folder is served. Immutable; any
 * thread.
 */
final class StaticFolder {
    private static final MimeTypes MIME_TYPES = new MimeTypes();

    private final String prefix;
    private final Path root;

    /** @throws IllegalArgumentException if the folder is not there, in one line naming it */
    StaticFolder(StaticFiles files) {
        this.prefix = files.prefix();
        Path folder = files.folder().toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("app.files(\"" + prefix + "\", ...): no such folder: " + folder
                    + (files.folder().isAbsolute() ? "" : " (a relative folder is resolved against the working directory)"));
        }
        try {
            this.root = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("app.files(\"" + prefix + "\", ...): cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    String prefix() {
        return prefix;
    }

    /** Whether {@code path} (as routed: encoded, without the root path) is below this prefix. */
    boolean covers(String path) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /**
     * The file {@code path} names, or {@code null} when it names nothing that may be served: a
     * path out of the folder, a folder, a missing or unreadable file. Blocks on the file system.
     *
     * @param path a path {@link #covers} accepted, still percent-encoded
     */
    HttpContent content(String path) {
        String below = path.substring(prefix.length());
        if (below.length() < 2) {
            return null;
        }
        Path file = root;
        for (String raw : below.substring(1).split("/", -1)) {
            String segment;
            try {
                segment = raw.indexOf('%') < 0 ? raw : URIUtil.decodePath(raw);
            } catch (IllegalArgumentException badEncoding) {
                return null;
            }
            if (!isPlainName(segment)) {
                return null;
            }
            file = file.resolve(segment);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException | SecurityException missing) {
            return null;
        }
        if (!real.startsWith(root) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
            return null;
        }
        return new ResourceHttpContent(ResourceFactory.root().newResource(real), contentType(real.getFileName().toString()));
    }

    private static boolean isPlainName(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..")
                && segment.indexOf('/') < 0 && segment.indexOf('\\') < 0 && segment.indexOf('\0') < 0;
    }

    /** Text is assumed UTF-8, as Starlette's StaticFiles assumes it. */
    static String contentType(String fileName) {
        String type = MIME_TYPES.getMimeByExtension(fileName);
        if (type == null) {
            return Reply.BYTES;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        boolean text = lower.startsWith("text/") || lower.equals("application/javascript") || lower.equals("application/json")
                || lower.equals("image/svg+xml");
        return text && !lower.contains("charset") ? type + "; charset=utf-8" : type;
    }
}
