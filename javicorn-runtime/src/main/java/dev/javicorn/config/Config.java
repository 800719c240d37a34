package dev.javicorn.config;

import dev.javicorn.http.Protocols;
import dev.javicorn.http.WebSocketOptions;
import dev.javicorn.tls.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the command line said, validated and immutable. Built once by the CLI; read by
 * every other part, from any thread.
 */
public record Config(
        String app,
        Path appDir,
        List<Path> classpath,
        Listen listen,
        Reload reload,
        int workers,
        Integer spares,
        Timeouts timeouts,
        Limits limits,
        Lifespan lifespan,
        Map<String, String> env,
        List<String> jvmArgs,
        Logging logging,
        Http http,
        MainClass mainClass,
        Admin admin) {

    public Config {
        Objects.requireNonNull(app, "app");
        classpath = List.copyOf(classpath);
        env = Map.copyOf(env);
        jvmArgs = List.copyOf(jvmArgs);
        require(workers >= 1, "--workers must be at least 1, got " + workers);
        require(spares == null || spares >= 0, "--spares must be 0 or more, got " + spares);
    }

    /** How many warm spare workers to keep: {@code --spares}, else 1 (2 under {@code --reload}, one for each of the next two builds). */
    public int sparesOrDefault() {
        return spares != null ? spares : reload.enabled() ? 2 : 1;
    }

    /** Where to listen: TCP host and port, a Unix socket, or a descriptor handed in (systemd). */
    public record Listen(String host, int port, Path uds, Integer fd, int backlog) {
        public Listen {
            require(port >= 0 && port <= 65535, "--port must be between 0 and 65535, got " + port);
            require(backlog >= 1, "--backlog must be at least 1, got " + backlog);
            require(fd == null || fd >= 0, "--fd must be a file descriptor number, got " + fd);
        }
    }

    public record Reload(boolean enabled, List<Path> dirs, List<String> includes, List<String> excludes, Duration delay) {
        public Reload {
            dirs = List.copyOf(dirs);
            includes = List.copyOf(includes);
            excludes = List.copyOf(excludes);
            require(!delay.isNegative(), "--reload-delay must not be negative");
        }
    }

    /** @param gracefulShutdown how long a stopping worker may drain and run its shutdown hooks */
    public record Timeouts(Duration gracefulShutdown, Duration keepAlive, Duration workerHealthcheck, Duration startup) {
        public Timeouts {
            require(!gracefulShutdown.isNegative(), "--timeout-graceful-shutdown must not be negative");
            require(keepAlive.isPositive(), "--timeout-keep-alive must be positive");
            require(workerHealthcheck.isPositive(), "--timeout-worker-healthcheck must be positive");
            require(startup.isPositive(), "--timeout-startup must be positive");
        }
    }

    /**
     * @param concurrency 0 for no limit
     * @param maxRequests 0 for no recycling
     * @param requestBody the largest request body in bytes (413 above); 0 for no limit
     * @param requestHeaders the largest request line plus headers in bytes (431 above)
     */
    public record Limits(int concurrency, int maxRequests, int maxRequestsJitter, long requestBody, int requestHeaders) {
        public Limits {
            require(concurrency >= 0, "--limit-concurrency must be at least 1");
            require(maxRequests >= 0, "--limit-max-requests must be at least 1");
            require(maxRequestsJitter >= 0, "--limit-max-requests-jitter must not be negative");
            require(requestBody >= 0, "--limit-request-body must be 0 (no limit) or more bytes, got " + requestBody);
            require(requestHeaders >= 1024, "--limit-request-headers must be at least 1024 bytes, got " + requestHeaders);
        }
    }

    public enum Lifespan { AUTO, ON, OFF }

    /** @param useColors null to decide by whether stderr is a terminal */
    /**
     * @param useColors null: colors only on a terminal
     * @param format {@code text} or {@code json}
     */
    public record Logging(String level, boolean accessLog, Boolean useColors, String format) {}

    /**
     * @param protocols the HTTP versions a native app is served with ({@code --http})
     * @param tls the {@code --ssl-*} options; {@link TlsOptions#NONE} for plain HTTP
     */
    public record Http(boolean proxyHeaders, String forwardedAllowIps, String rootPath, List<String> headers,
                       boolean serverHeader, boolean dateHeader, Protocols protocols, TlsOptions tls, WebSocketOptions webSockets) {
        public Http {
            headers = List.copyOf(headers);
            Objects.requireNonNull(protocols, "protocols");
            Objects.requireNonNull(tls, "tls");
            Objects.requireNonNull(webSockets, "webSockets");
        }

        /** Plain HTTP/1.1 and HTTP/2, WebSockets as uvicorn's. */
        public Http(boolean proxyHeaders, String forwardedAllowIps, String rootPath, List<String> headers,
                    boolean serverHeader, boolean dateHeader) {
            this(proxyHeaders, forwardedAllowIps, rootPath, headers, serverHeader, dateHeader, Protocols.AUTO, TlsOptions.NONE,
                    WebSocketOptions.defaults());
        }
    }

    /**
     * The admin endpoint ({@code /livez}, {@code /readyz}, {@code /metrics}), off by default.
     *
     * @param port null when off; 0 picks a free port
     */
    public record Admin(String host, Integer port) {
        public Admin {
            require(port == null || port >= 0 && port <= 65535, "--admin-port must be between 0 and 65535, got " + port);
        }

        public boolean enabled() {
            return port != null;
        }
    }

    /** How long a worker may take to be ready ({@code --timeout-startup}); then it is treated as failed. */
    public Duration startupTimeout() {
        return timeouts.startup();
    }

    /**
     * What only a main-class app needs.
     *
     * @param args the program arguments for its {@code main} (after {@code --})
     * @param adopt whether its own server socket is given javicorn's listening socket
     *     ({@code --no-adopt} turns that off: the app then binds its own port)
     * @param adoptPort the port of the listener to adopt when the app opens more than one; 0: the first
     */
    public record MainClass(List<String> args, boolean adopt, int adoptPort) {
        public MainClass {
            args = List.copyOf(args);
            require(adoptPort >= 0 && adoptPort <= 65535, "--adopt-port must be between 1 and 65535, got " + adoptPort);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
