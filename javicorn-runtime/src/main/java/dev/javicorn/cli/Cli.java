package dev.javicorn.cli;

import dev.javicorn.config.Config;
import dev.javicorn.http.Protocols;
import dev.javicorn.http.WebSocketOptions;
import dev.javicorn.log.LogConfig;
import dev.javicorn.systemd.SocketActivation;
import dev.javicorn.tls.TlsOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line, as picocli fields with uvicorn's option names. Only parses; {@link #toConfig}
 * turns the fields into a validated {@link Config}.
 */
@Command(name = "javicorn", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        usageHelpAutoWidth = true, customSynopsis = "javicorn [OPTIONS] APP [-- ARGS...]",
        description = "Serve a JVM web app: a native javicorn App (Class:member) or any main class (Class).",
        footer = {"", "Examples:",
                "  javicorn --app-dir examples/seed --reload Main:app",
                "  javicorn --workers 4 --host 0.0.0.0 --port 8080 com.example.Api:app",
                "  javicorn --ssl-certfile cert.pem --ssl-keyfile key.pem --port 8443 com.example.Api:app",
                "  javicorn --classpath target/classes com.example.Main",
                "  javicorn --workers 2 com.example.Main -- server config.yml"})
final class Cli {
    @Parameters(index = "0", paramLabel = "APP", description = "Class (main-class app) or Class:member (native app).")
    String app;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Program arguments for a main-class app's main (after --).")
    List<String> args = new ArrayList<>();

    @Option(names = "--app-dir", paramLabel = "DIR", defaultValue = ".",
            description = "Where the app's .java sources are. Default: the current directory.")
    Path appDir;

    @Option(names = "--classpath", paramLabel = "CP", split = ":",
            description = "Extra jars and class folders for the app (':'-separated, repeatable).")
    List<Path> classpath = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind socket to this host. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8000", description = "Bind socket to this port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--uds", paramLabel = "PATH", description = "Bind to a Unix domain socket.")
    Path uds;

    @Option(names = "--fd", paramLabel = "N", description = "Use the listening socket already open as this file descriptor. "
            + "Default: 3 under systemd's socket activation (LISTEN_FDS).")
    Integer fd;

    @Option(names = "--backlog", defaultValue = "2048", description = "Maximum number of connections to hold in backlog. Default: ${DEFAULT-VALUE}.")
    int backlog;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Serve /livez, /readyz and /metrics (Prometheus) on this port; 0 picks a free one. Default: off.")
    Integer adminPort;

    @Option(names = "--admin-host", defaultValue = "127.0.0.1",
            description = "Bind the admin endpoint to this host. Default: ${DEFAULT-VALUE}.")
    String adminHost;

    @Option(names = "--reload", description = "Restart the app when its files change (development).")
    boolean reload;

    @Option(names = "--reload-dir", paramLabel = "DIR", description = "Watch this folder instead of the app dir (repeatable).")
    List<Path> reloadDirs = new ArrayList<>();

    @Option(names = "--reload-include", paramLabel = "GLOB", description = "Also reload on files matching this glob (repeatable).")
    List<String> reloadIncludes = new ArrayList<>();

    @Option(names = "--reload-exclude", paramLabel = "GLOB", description = "Ignore files and folders matching this glob (repeatable).")
    List<String> reloadExcludes = new ArrayList<>();

    @Option(names = "--reload-delay", paramLabel = "SECONDS", defaultValue = "0.05", converter = Seconds.class,
            description = "Quiet period after a change before reloading. Default: ${DEFAULT-VALUE} s.")
    Duration reloadDelay;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "${env:WEB_CONCURRENCY:-1}",
            description = "Number of worker processes. Default: $WEB_CONCURRENCY, else 1.")
    int workers;

    @Option(names = "--spares", paramLabel = "N",
            description = "Warm worker JVMs kept started, to take over at once when a worker is replaced or the code "
                    + "changes; each costs a worker's memory. Default: 1, or 2 with --reload; 0 for none.")
    Integer spares;

    @Option(names = "--timeout-graceful-shutdown", paramLabel = "SECONDS", converter = Seconds.class,
            description = "How long a stopping worker may drain and run shutdown hooks before it is killed. "
                    + "Default: 10 s, or 3 s with --reload.")
    Duration gracefulShutdown;

    @Option(names = "--timeout-keep-alive", paramLabel = "SECONDS", defaultValue = "5", converter = Seconds.class,
            description = "Close idle keep-alive connections after this long. Default: ${DEFAULT-VALUE} s.")
    Duration keepAlive;

    @Option(names = "--timeout-worker-healthcheck", paramLabel = "SECONDS", defaultValue = "5", converter = Seconds.class,
            description = "Replace a worker that does not prove it can serve within this long. Default: ${DEFAULT-VALUE} s.")
    Duration healthcheck;

    @Option(names = "--timeout-startup", paramLabel = "SECONDS", defaultValue = "180", converter = Seconds.class,
            description = "Treat a worker that is not ready within this as failed, saying what it was doing. Default: ${DEFAULT-VALUE}.")
    Duration startup;

    @Option(names = "--adopt", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Give a main-class app's own server socket javicorn's listening socket, whatever port it binds. Default: on.")
    boolean adopt;

    @Option(names = "--adopt-port", paramLabel = "PORT", defaultValue = "0",
            description = "When the app opens more than one listener, adopt the one it binds on this port; the others bind as usual. Default: the first.")
    int adoptPort;

    @Option(names = "--limit-concurrency", paramLabel = "N", defaultValue = "0",
            description = "Answer 503 when a worker has more than N requests in flight.")
    int limitConcurrency;

    @Option(names = "--limit-max-requests", paramLabel = "N", defaultValue = "0",
            description = "Replace a worker after it has served N requests.")
    int limitMaxRequests;

    @Option(names = "--limit-max-requests-jitter", paramLabel = "N", defaultValue = "0",
            description = "Add a random 0..N to --limit-max-requests per worker, so workers do not recycle together.")
    int limitMaxRequestsJitter;

    @Option(names = "--limit-request-body", paramLabel = "BYTES", defaultValue = "0",
            description = "Answer 413 to a request whose body is larger than this. Default: no limit.")
    long limitRequestBody;

    @Option(names = {"--limit-request-headers", "--h11-max-incomplete-event-size"}, paramLabel = "BYTES",
            defaultValue = "16384",
            description = "Answer 431 to a request whose request line and headers are larger than this (414 if the line alone is). "
                    + "Default: ${DEFAULT-VALUE}, as uvicorn's --h11-max-incomplete-event-size.")
    int limitRequestHeaders;

    @Option(names = "--lifespan", defaultValue = "auto", paramLabel = "auto|on|off",
            description = "Run the app's startup and shutdown hooks. Default: ${DEFAULT-VALUE}.")
    String lifespan;

    @Option(names = "--env-file", paramLabel = "FILE", description = "Environment variables (KEY=VALUE lines) for the app.")
    Path envFile;

    @Option(names = "--jvm-arg", paramLabel = "ARG", description = "An option for the worker JVMs, e.g. --jvm-arg=-Xmx512m (repeatable).")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--log-config", paramLabel = "FILE",
            description = "Logging settings from a JSON file: level, format, access_log, use_colors (the options of those names win).")
    Path logConfig;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "critical, error, warning, info, debug or trace. Default: info.")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text (uvicorn's lines) or json (one JSON object per line, the app's output included). Default: text.")
    String logFormat;

    @Option(names = "--access-log", negatable = true, fallbackValue = "true", description = "Log one line per request (default on).")
    Boolean accessLog;

    @Option(names = "--use-colors", negatable = true, description = "Colored logs. Default: only on a terminal.")
    Boolean useColors;

    @Option(names = "--proxy-headers", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Trust X-Forwarded-For and X-Forwarded-Proto from --forwarded-allow-ips (default on).")
    boolean proxyHeaders;

    @Option(names = "--forwarded-allow-ips", paramLabel = "IPS", defaultValue = "${env:FORWARDED_ALLOW_IPS:-127.0.0.1}",
            description = "Comma-separated IPs to trust with proxy headers, or '*'. Default: $FORWARDED_ALLOW_IPS, else 127.0.0.1.")
    String forwardedAllowIps;

    @Option(names = "--root-path", defaultValue = "", paramLabel = "PATH", description = "Serve the app below this path prefix.")
    String rootPath;

    @Option(names = "--header", paramLabel = "NAME:VALUE", description = "Add this header to every response (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--server-header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send 'server: javicorn' (default on).")
    boolean serverHeader;

    @Option(names = "--date-header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send a 'date' header (default on).")
    boolean dateHeader;

    @Option(names = "--http", defaultValue = "auto", paramLabel = "auto|h1|h2",
            description = "HTTP versions for a native app: auto (HTTP/1.1 and HTTP/2: h2c on plain sockets, h2 through ALPN"
                    + " with TLS), h1 (HTTP/1.1 only) or h2 (HTTP/2 only). Default: ${DEFAULT-VALUE}.")
    String http;

    @Option(names = "--ssl-keyfile", paramLabel = "FILE",
            description = "The private key in PEM (PKCS#8, encrypted PKCS#8, or OpenSSL's RSA/EC form). Default: in the certfile.")
    Path sslKeyfile;

    @Option(names = "--ssl-certfile", paramLabel = "FILE",
            description = "The certificate chain in PEM, the server's certificate first: serves HTTPS.")
    Path sslCertfile;

    @Option(names = "--ssl-keystore", paramLabel = "FILE",
            description = "A PKCS#12 keystore with the key and its chain, instead of --ssl-keyfile and --ssl-certfile.")
    Path sslKeystore;

    @Option(names = "--ssl-keyfile-password", paramLabel = "PASSWORD",
            description = "The password of the key or keystore; it reaches workers over their control channel, never their command line.")
    String sslKeyfilePassword;

    @Option(names = "--ssl-ca-certs", paramLabel = "FILE", description = "CA certificates in PEM to check client certificates with.")
    Path sslCaCerts;

    @Option(names = "--ssl-cert-reqs", paramLabel = "0|1|2", defaultValue = "0",
            description = "Client certificates: 0 none, 1 optional, 2 required. Default: ${DEFAULT-VALUE}.")
    int sslCertReqs;

    @Option(names = "--ssl-ciphers", paramLabel = "SUITES", split = "[:,]", splitSynopsisLabel = ":",
            description = "The cipher suites allowed, as the JDK names them (e.g. TLS_AES_128_GCM_SHA256), ':'- or ','-separated."
                    + " Default: the JDK's.")
    List<String> sslCiphers = new ArrayList<>();

    @Option(names = "--ws-max-size", paramLabel = "BYTES", defaultValue = "16777216",
            description = "The largest WebSocket message accepted; a larger one closes the connection (1009). Default: ${DEFAULT-VALUE}.")
    long wsMaxSize;

    @Option(names = "--ws-ping-interval", paramLabel = "SECONDS", defaultValue = "20", converter = Seconds.class,
            description = "Ping open WebSockets this often; 0 for never. Default: ${DEFAULT-VALUE}.")
    Duration wsPingInterval;

    @Option(names = "--ws-ping-timeout", paramLabel = "SECONDS", defaultValue = "20", converter = Seconds.class,
            description = "Close a WebSocket (1011) whose pong has not come within this. Default: ${DEFAULT-VALUE}.")
    Duration wsPingTimeout;

    @Option(names = "--ws-per-message-deflate", arity = "1", paramLabel = "BOOL", defaultValue = "true",
            description = "Offer the permessage-deflate extension to WebSocket clients that ask for it. Default: ${DEFAULT-VALUE}.")
    boolean wsPerMessageDeflate;

    /** The command line's value, else the --log-config file's, else the default. */
    private static <T> T or(T option, T fromFile, T fallback) {
        return option != null ? option : fromFile != null ? fromFile : fallback;
    }

    Config toConfig() {
        require(lifespan.matches("auto|on|off"), "--lifespan must be auto, on or off, got '" + lifespan + "'");
        LogConfig file = logConfig != null ? LogConfig.read(logConfig) : LogConfig.NONE;
        String level = or(logLevel, file.level(), "info").toLowerCase(Locale.ROOT);
        require(level.matches("critical|error|warning|info|debug|trace"),
                "--log-level must be critical, error, warning, info, debug or trace, got '" + logLevel + "'");
        String format = or(logFormat, file.format(), "text").toLowerCase(Locale.ROOT);
        require(format.matches("text|json"), "--log-format must be text or json, got '" + logFormat + "'");
        Duration grace = gracefulShutdown != null ? gracefulShutdown : Duration.ofSeconds(reload ? 3 : 10);
        return new Config(app, appDir, classpath,
                new Config.Listen(host, port, uds, fd != null || uds != null ? fd
                        : SocketActivation.listenFd(System.getenv(), ProcessHandle.current().pid()).orElse(null), backlog),
                new Config.Reload(reload, reloadDirs, reloadIncludes, reloadExcludes, reloadDelay),
                workers,
                spares,
                new Config.Timeouts(grace, keepAlive, healthcheck, startup),
                new Config.Limits(limitConcurrency, limitMaxRequests, limitMaxRequestsJitter, limitRequestBody,
                        limitRequestHeaders),
                Config.Lifespan.valueOf(lifespan.toUpperCase(Locale.ROOT)),
                envFile == null ? java.util.Map.of() : EnvFile.read(envFile),
                jvmArgs,
                new Config.Logging(level, or(accessLog, file.accessLog(), true), or(useColors, file.useColors(), null), format),
                new Config.Http(proxyHeaders, forwardedAllowIps, rootPath, headers, serverHeader, dateHeader,
                        Protocols.parse(http), tls(), new WebSocketOptions(wsMaxSize, wsPingInterval, wsPingTimeout, wsPerMessageDeflate)),
                new Config.MainClass(args, adopt, adoptPort),
                new Config.Admin(adminHost, adminPort));
    }

    /** The {@code --ssl-*} options, with absolute paths: a worker may not start where javicorn did. */
    private TlsOptions tls() {
        return new TlsOptions(absolute(sslKeyfile), absolute(sslCertfile), absolute(sslKeystore), sslKeyfilePassword,
                absolute(sslCaCerts), sslCertReqs, sslCiphers.stream().filter(c -> !c.isBlank()).map(String::strip).toList());
    }

    private static Path absolute(Path path) {
        return path == null ? null : path.toAbsolutePath();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
