package dev.javicorn.http;

import dev.javicorn.StaticFiles;
import java.util.List;
import org.eclipse.jetty.http.content.HttpContent;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ResourceService;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * An app's {@code app.files} folders and the Jetty service that sends their files: {@code ETag}
 * and {@code Last-Modified}, 304 on {@code If-None-Match} and {@code If-Modified-Since}, single
 * and multiple byte ranges (206, and 416 for a range past the end), HEAD. Directory listings are
 * off: only a {@link StaticFolder} decides what a path names, and it never names a folder.
 * Immutable after construction; any thread.
 */
final class FileServer {
    private final List<StaticFolder> folders;
    private final ResourceService service = new ResourceService();

    /** @throws IllegalArgumentException if a folder is missing, or two prefixes are the same */
    FileServer(List<StaticFiles> files) {
        this.folders = files.stream().map(StaticFolder::new).toList();
        for (int i = 0; i < folders.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (folders.get(i).prefix().equals(folders.get(j).prefix())) {
                    throw new IllegalArgumentException("app.files(\"" + folders.get(i).prefix() + "\", ...) is given twice");
                }
            }
        }
        service.setEtags(true);
        service.setAcceptRanges(true);
        service.setDirAllowed(false);
        // Only consulted for welcome files and precompressed variants, both unused: nothing by path.
        service.setHttpContentFactory(path -> null);
    }

    /** The folder whose prefix {@code path} is below, the longest prefix first; null for none. */
    StaticFolder find(String path) {
        StaticFolder best = null;
        for (StaticFolder folder : folders) {
            if (folder.covers(path) && (best == null || folder.prefix().length() > best.prefix().length())) {
                best = folder;
            }
        }
        return best;
    }

    /** Sends {@code content}, answering conditional and range headers; completes {@code callback}. */
    void send(Request request, Response response, Callback callback, HttpContent content) {
        service.doGet(request, response, callback, content);
    }
}
