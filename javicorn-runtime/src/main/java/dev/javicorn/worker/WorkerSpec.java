package dev.javicorn.worker;

import dev.javicorn.config.Config;
import dev.javicorn.http.HttpOptions;
import dev.javicorn.http.Protocols;
import dev.javicorn.http.WebSocketOptions;
import dev.javicorn.log.Log;
import dev.javicorn.tls.TlsOptions;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * What a worker needs to know, passed from the supervisor as one command-line argument.
 *
 * <p>It travels as {@link Properties} in URL-safe Base64 rather than in a library's format: a
 * main-class worker has only javicorn's own classes and the app's on its classpath. The defaults
 * are those of {@link #of}; {@link #decode} has none, because the supervisor and its workers are
 * one build and a missing key is a bug to report, not to paper over.
 *
 * @param app the app to run
 * @param host the host the app is reached on; the port's, for a main-class app that binds its own
 * @param spare whether to warm up and wait for GO before loading the app
 * @param poolWorkers process-pool workers a spare starts while it waits (what its predecessor's app used)
 * @param sharedSocket whether a main-class app accepts on the supervisor's socket instead of its own
 * @param forwardedAllowIps the peers whose proxy headers are honoured: {@code *}, IPs or CIDR networks
 * @param headers {@code Name: value} headers added to every response
 * @param appFolders class folders the worker adds to its class path after the jars (a worker that
 *     records the start-up cache, whose {@code -cp} holds only jars); empty for none
 * @param recordFor how long a worker that records the start-up cache serves before it ends the
 *     recording; zero for a worker that does not record
 * @param mainClass a main-class app's program arguments and socket adoption
 * @param protocols the HTTP versions a native app is served with
 * @param tls the {@code --ssl-*} options, never with the password, which goes apart
 * @param tlsPasswordFollows whether the TLS password comes as the first control message
 * @param logFormat how the worker writes its log: uvicorn's text lines or JSON
 * @param webSockets how a native app's WebSockets behave
 */
public record WorkerSpec(
        AppTarget app,
        String host,
        int port,
        boolean spare,
        int poolWorkers,
        boolean sharedSocket,
        Log.Level logLevel,
        boolean useColors,
        boolean accessLog,
        Config.Lifespan lifespan,
        Duration keepAliveTimeout,
        int limitConcurrency,
        long limitRequestBody,
        int limitRequestHeaders,
        String rootPath,
        boolean proxyHeaders,
        List<String> forwardedAllowIps,
        List<String> headers,
        boolean serverHeader,
        boolean dateHeader,
        List<Path> appFolders,
        Duration recordFor,
        Config.MainClass mainClass,
        Protocols protocols,
        TlsOptions tls,
        boolean tlsPasswordFollows,
        Log.Format logFormat,
        WebSocketOptions webSockets) {

    public WorkerSpec {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(lifespan, "lifespan");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        Objects.requireNonNull(rootPath, "rootPath");
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(recordFor, "recordFor");
        Objects.requireNonNull(protocols, "protocols");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(webSockets, "webSockets");
        if (tls.password() != null) {
            throw new IllegalArgumentException("a worker spec never holds the TLS password: it travels on the control channel");
        }
        forwardedAllowIps = List.copyOf(forwardedAllowIps);
        headers = List.copyOf(headers);
        appFolders = List.copyOf(appFolders);
        if (poolWorkers < 0) {
            throw new IllegalArgumentException("poolWorkers must not be negative, got " + poolWorkers);
        }
    }

    /**
     * A worker that serves {@code app} at once, with uvicorn's defaults for everything else; those
     * of HTTP are {@link HttpOptions#defaults()}.
     */
    public static WorkerSpec of(AppTarget app, String host, int port) {
        HttpOptions http = HttpOptions.defaults();
        return new WorkerSpec(app, host, port, false, 0, false, Log.Level.INFO, false, http.accessLog(),
                Config.Lifespan.AUTO, http.keepAliveTimeout(), http.limitConcurrency(), http.limitRequestBody(),
                http.limitRequestHeaders(), http.rootPath(),
                http.proxyHeaders(), http.forwardedAllowIps(), List.of(), http.serverHeader(), http.dateHeader(),
                List.of(), Duration.ZERO, new Config.MainClass(List.of(), true, 0), http.protocols(), TlsOptions.NONE, false,
                Log.Format.TEXT, http.webSockets());
    }

    /** This spec as a spare that starts {@code poolWorkers} process-pool workers while it waits for GO. */
    public WorkerSpec asSpare(int poolWorkers) {
        return new WorkerSpec(app, host, port, true, poolWorkers, sharedSocket, logLevel, useColors, accessLog, lifespan,
                keepAliveTimeout, limitConcurrency, limitRequestBody, limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, headers, serverHeader,
                dateHeader, appFolders, recordFor, mainClass, protocols, tls, tlsPasswordFollows, logFormat, webSockets);
    }

    public WorkerSpec withSharedSocket(boolean shared) {
        return new WorkerSpec(app, host, port, spare, poolWorkers, shared, logLevel, useColors, accessLog, lifespan,
                keepAliveTimeout, limitConcurrency, limitRequestBody, limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, headers, serverHeader,
                dateHeader, appFolders, recordFor, mainClass, protocols, tls, tlsPasswordFollows, logFormat, webSockets);
    }

    public WorkerSpec withLogging(Log.Level level, boolean colors, boolean access, Log.Format format) {
        return new WorkerSpec(app, host, port, spare, poolWorkers, sharedSocket, level, colors, access, lifespan,
                keepAliveTimeout, limitConcurrency, limitRequestBody, limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, headers, serverHeader,
                dateHeader, appFolders, recordFor, mainClass, protocols, tls, tlsPasswordFollows, format, webSockets);
    }

    public WorkerSpec withLifespan(Config.Lifespan mode) {
        return new WorkerSpec(app, host, port, spare, poolWorkers, sharedSocket, logLevel, useColors, accessLog, mode,
                keepAliveTimeout, limitConcurrency, limitRequestBody, limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, headers, serverHeader,
                dateHeader, appFolders, recordFor, mainClass, protocols, tls, tlsPasswordFollows, logFormat, webSockets);
    }

    /**
     * This spec with the command line's HTTP options, its comma-separated forwarded-allow-ips as
     * a list, and the given keep-alive timeout and concurrency limit.
     */
    public WorkerSpec withHttp(Config.Http http, Duration keepAlive, int concurrency) {
        List<String> allowed = Arrays.stream(http.forwardedAllowIps().split(",")).map(String::strip).toList();
        return new WorkerSpec(app, host, port, spare, poolWorkers, sharedSocket, logLevel, useColors, accessLog,
                lifespan, keepAlive, concurrency, limitRequestBody, limitRequestHeaders, http.rootPath(),
                http.proxyHeaders(), allowed, http.headers(),
                http.serverHeader(), http.dateHeader(), appFolders, recordFor, mainClass, http.protocols(),
                http.tls().withoutPassword(), http.tls().password() != null, logFormat, http.webSockets());
    }

    /** This spec with {@code --limit-request-body} and {@code --limit-request-headers}. */
    public WorkerSpec withRequestLimits(long bodyBytes, int headerBytes) {
        return new WorkerSpec(app, host, port, spare, poolWorkers, sharedSocket, logLevel, useColors, accessLog,
                lifespan, keepAliveTimeout, limitConcurrency, bodyBytes, headerBytes, rootPath, proxyHeaders,
                forwardedAllowIps, headers, serverHeader, dateHeader, appFolders, recordFor, mainClass, protocols, tls, tlsPasswordFollows, logFormat, webSockets);
    }

    /**
     * This spec for a worker that records the start-up cache: it adds {@code folders} to its class
     * path itself, and ends the recording once it has served for {@code recordFor}.
     */
    public WorkerSpec recording(List<Path> folders, Duration recordFor) {
        return new WorkerSpec(app, host, port, spare, poolWorkers, sharedSocket, logLevel, useColors, accessLog,
                lifespan, keepAliveTimeout, limitConcurrency, limitRequestBody, limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, headers,
                serverHeader, dateHeader, folders, recordFor, mainClass, protocols, tls, tlsPasswordFollows, logFormat, webSockets);
    }

    /** This spec with a main-class app's program arguments and socket adoption. */
    public WorkerSpec withMainClass(Config.MainClass main) {
        return new WorkerSpec(app, host, port, spare, poolWorkers, sharedSocket, logLevel, useColors, accessLog,
                lifespan, keepAliveTimeout, limitConcurrency, limitRequestBody, limitRequestHeaders, rootPath, proxyHeaders, forwardedAllowIps, headers,
                serverHeader, dateHeader, appFolders, recordFor, main, protocols, tls, tlsPasswordFollows, logFormat, webSockets);
    }

    /** One command-line argument: no spaces, no newlines, whatever the values hold. */
    public String encode() {
        Properties p = new Properties();
        p.setProperty("app", app.toString());
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("spare", Boolean.toString(spare));
        p.setProperty("pool-workers", Integer.toString(poolWorkers));
        p.setProperty("shared-socket", Boolean.toString(sharedSocket));
        p.setProperty("log-level", logLevel.name());
        p.setProperty("use-colors", Boolean.toString(useColors));
        p.setProperty("access-log", Boolean.toString(accessLog));
        p.setProperty("lifespan", lifespan.name());
        p.setProperty("timeout-keep-alive", keepAliveTimeout.toString());
        p.setProperty("limit-concurrency", Integer.toString(limitConcurrency));
        p.setProperty("limit-request-body", Long.toString(limitRequestBody));
        p.setProperty("limit-request-headers", Integer.toString(limitRequestHeaders));
        p.setProperty("root-path", rootPath);
        p.setProperty("proxy-headers", Boolean.toString(proxyHeaders));
        putList(p, "forwarded-allow-ips", forwardedAllowIps);
        putList(p, "header", headers);
        p.setProperty("server-header", Boolean.toString(serverHeader));
        p.setProperty("date-header", Boolean.toString(dateHeader));
        putList(p, "app-folders", appFolders.stream().map(Path::toString).toList());
        p.setProperty("record-for", recordFor.toString());
        putList(p, "args", mainClass.args());
        p.setProperty("adopt", Boolean.toString(mainClass.adopt()));
        p.setProperty("adopt-port", Integer.toString(mainClass.adoptPort()));
        p.setProperty("http", protocols.option());
        p.setProperty("ssl-keyfile", path(tls.keyfile()));
        p.setProperty("ssl-certfile", path(tls.certfile()));
        p.setProperty("ssl-keystore", path(tls.keystore()));
        p.setProperty("ssl-ca-certs", path(tls.caCerts()));
        p.setProperty("ssl-cert-reqs", Integer.toString(tls.certReqs()));
        putList(p, "ssl-ciphers", tls.ciphers());
        p.setProperty("ssl-password-follows", Boolean.toString(tlsPasswordFollows));
        p.setProperty("log-format", logFormat.name());
        p.setProperty("ws-max-size", Long.toString(webSockets.maxSize()));
        p.setProperty("ws-ping-interval", webSockets.pingInterval().toString());
        p.setProperty("ws-ping-timeout", webSockets.pingTimeout().toString());
        p.setProperty("ws-per-message-deflate", Boolean.toString(webSockets.perMessageDeflate()));
        return Base64.getUrlEncoder().encodeToString(text(p).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The spec {@link #encode} gave.
     *
     * @throws IllegalArgumentException naming the value that is missing; a malformed value fails
     *     in its own parser, since only {@link #encode} writes a spec
     */
    public static WorkerSpec decode(String encoded) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WorkerSpec(
                AppTarget.parse(get(p, "app")),
                get(p, "host"),
                Integer.parseInt(get(p, "port")),
                flag(p, "spare"),
                Integer.parseInt(get(p, "pool-workers")),
                flag(p, "shared-socket"),
                Log.Level.valueOf(get(p, "log-level")),
                flag(p, "use-colors"),
                flag(p, "access-log"),
                Config.Lifespan.valueOf(get(p, "lifespan")),
                Duration.parse(get(p, "timeout-keep-alive")),
                Integer.parseInt(get(p, "limit-concurrency")),
                Long.parseLong(get(p, "limit-request-body")),
                Integer.parseInt(get(p, "limit-request-headers")),
                get(p, "root-path"),
                flag(p, "proxy-headers"),
                getList(p, "forwarded-allow-ips", Function.identity()),
                getList(p, "header", Function.identity()),
                flag(p, "server-header"),
                flag(p, "date-header"),
                getList(p, "app-folders", Path::of),
                Duration.parse(get(p, "record-for")),
                new Config.MainClass(getList(p, "args", Function.identity()), flag(p, "adopt"),
                        Integer.parseInt(get(p, "adopt-port"))),
                Protocols.parse(get(p, "http")),
                new TlsOptions(path(get(p, "ssl-keyfile")), path(get(p, "ssl-certfile")), path(get(p, "ssl-keystore")), null,
                        path(get(p, "ssl-ca-certs")), Integer.parseInt(get(p, "ssl-cert-reqs")),
                        getList(p, "ssl-ciphers", Function.identity())),
                flag(p, "ssl-password-follows"),
                Log.Format.valueOf(get(p, "log-format")),
                new WebSocketOptions(Long.parseLong(get(p, "ws-max-size")), Duration.parse(get(p, "ws-ping-interval")),
                        Duration.parse(get(p, "ws-ping-timeout")), flag(p, "ws-per-message-deflate")));
    }

    /**
     * {@code p} as {@link Properties#load(java.io.Reader)} reads it back. Not {@link Properties#store},
     * which always writes the date as a comment: {@code Date.toString} loads the time zone names,
     * about 40 ms of a cold supervisor's way to its first worker.
     */
    private static String text(Properties p) {
        StringBuilder text = new StringBuilder();
        for (String key : p.stringPropertyNames()) {
            escape(key, true, text);
            text.append('=');
            escape(p.getProperty(key), false, text);
            text.append('\n');
        }
        return text.toString();
    }

    /** Escapes what {@link Properties#load(java.io.Reader)} would read as syntax; a value keeps inner spaces. */
    private static void escape(String s, boolean key, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\', '=', ':', '#', '!' -> out.append('\\').append(c);
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
    }

    /** A path that may be absent, as the empty string. */
    private static String path(Path path) {
        return path == null ? "" : path.toString();
    }

    private static Path path(String value) {
        return value.isEmpty() ? null : Path.of(value);
    }

    /** A list as numbered keys, so an element may hold any character and an empty list is no key at all. */
    private static void putList(Properties p, String name, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            p.setProperty(name + "." + i, values.get(i));
        }
    }

    private static <T> List<T> getList(Properties p, String name, Function<String, T> parse) {
        List<T> values = new ArrayList<>();
        for (int i = 0; p.getProperty(name + "." + i) != null; i++) {
            values.add(parse.apply(p.getProperty(name + "." + i)));
        }
        return values;
    }

    private static String get(Properties p, String name) {
        String value = p.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("worker spec has no " + name);
        }
        return value;
    }

    private static boolean flag(Properties p, String name) {
        return Boolean.parseBoolean(get(p, name));
    }
}
