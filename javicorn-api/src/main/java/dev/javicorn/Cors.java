package dev.javicorn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Cross-origin resource sharing, as Starlette's {@code CORSMiddleware} does it, for
 * {@link App#cors}. Immutable: each method returns a copy.
 *
 * <pre>{@code
 * app.cors(Cors.allowOrigins("https://example.com")
 *         .allowMethods("GET", "POST").allowHeaders("Content-Type", "Authorization")
 *         .allowCredentials().exposeHeaders("X-Total-Count").maxAge(Duration.ofMinutes(10)));
 * }</pre>
 *
 * <p>A preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 * is answered at once: 200 with the allowed methods and headers, or 400 naming what is not
 * allowed. Any other request with an allowed {@code Origin} gets {@code Access-Control-Allow-Origin}
 * (and {@code Vary: Origin} when it names the origin rather than {@code *}). Requests without
 * {@code Origin}, or from an origin not allowed, go on untouched: the browser does the refusing.
 */
public final class Cors {
    private final Set<String> origins;
    private final Set<String> methods;
    private final Set<String> headers;
    private final boolean credentials;
    private final List<String> expose;
    private final Duration maxAge;

    private Cors(Set<String> origins, Set<String> methods, Set<String> headers, boolean credentials, List<String> expose,
            Duration maxAge) {
        this.origins = origins;
        this.methods = methods;
        this.headers = headers;
        this.credentials = credentials;
        this.expose = expose;
        this.maxAge = maxAge;
    }

    /**
     * Allows these origins ({@code scheme://host[:port]}), or every origin with {@code "*"}; GET
     * only, no request headers beyond the simple ones, no credentials, preflights cached 600 s.
     *
     * @throws IllegalArgumentException for an origin with a path, or none at all
     */
    public static Cors allowOrigins(String... origins) {
        if (origins.length == 0) {
            throw new IllegalArgumentException("Cors.allowOrigins needs at least one origin, or \"*\"");
        }
        for (String origin : origins) {
            if (!origin.equals("*") && !origin.matches("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s]+")) {
                throw new IllegalArgumentException("a CORS origin is scheme://host[:port] without a path, or \"*\": '" + origin + "'");
            }
        }
        return new Cors(Set.of(origins), Set.of("GET"), Set.of(), false, List.of(), Duration.ofSeconds(600));
    }

    /** The methods a preflight allows, named in alphabetical order; {@code "*"} for any. */
    public Cors allowMethods(String... allowed) {
        SortedSet<String> upper = new TreeSet<>();
        Arrays.stream(allowed).map(m -> m.toUpperCase(Locale.ROOT)).forEach(upper::add);
        return new Cors(origins, Collections.unmodifiableSortedSet(upper), headers, credentials, expose, maxAge);
    }

    /** The request headers a preflight allows, matched without regard to case; {@code "*"} for any. */
    public Cors allowHeaders(String... allowed) {
        SortedSet<String> lower = new TreeSet<>();
        Arrays.stream(allowed).map(h -> h.toLowerCase(Locale.ROOT)).forEach(lower::add);
        return new Cors(origins, methods, Collections.unmodifiableSortedSet(lower), credentials, expose, maxAge);
    }

    /** Lets the browser send cookies; the allowed origin is then always named, never {@code *}. */
    public Cors allowCredentials() {
        return new Cors(origins, methods, headers, true, expose, maxAge);
    }

    /** Response headers the page's script may read. */
    public Cors exposeHeaders(String... exposed) {
        return new Cors(origins, methods, headers, credentials, List.of(exposed), maxAge);
    }

    /** How long a browser may cache a preflight answer. */
    public Cors maxAge(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("CORS max-age must not be negative: " + age);
        }
        return new Cors(origins, methods, headers, credentials, expose, Objects.requireNonNull(age));
    }

    /** The before filter: answers preflights. */
    Response preflight(Request request) {
        Optional<String> origin = request.header("Origin");
        Optional<String> method = request.header("Access-Control-Request-Method");
        if (!request.method().equals("OPTIONS") || origin.isEmpty() || method.isEmpty()) {
            return null;
        }
        List<String> refused = new ArrayList<>();
        if (!originAllowed(origin.get())) {
            refused.add("origin");
        }
        if (!methods.contains("*") && !methods.contains(method.get().toUpperCase(Locale.ROOT))) {
            refused.add("method");
        }
        String asked = request.header("Access-Control-Request-Headers").orElse("");
        if (!headers.contains("*")) {
            for (String header : asked.split(",")) {
                String name = header.strip().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !headers.contains(name) && !SIMPLE_HEADERS.contains(name)) {
                    refused.add("headers");
                    break;
                }
            }
        }
        Response answer = refused.isEmpty()
                ? Response.text("OK")
                : Response.text("Disallowed CORS " + String.join(", ", refused)).withStatus(400);
        answer = allowOrigin(answer, origin.get())
                .header("Access-Control-Allow-Methods", methods.contains("*") ? method.get() : String.join(", ", methods))
                .header("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
        if (!asked.isBlank()) {
            answer = answer.header("Access-Control-Allow-Headers", asked);
        }
        return answer;
    }

    /** The after filter: marks answers to an allowed origin. */
    Response mark(Request request, Response response) {
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty() || !originAllowed(origin.get()) || response.headers().containsKey("Access-Control-Allow-Origin")) {
            return response;
        }
        Response marked = allowOrigin(response, origin.get());
        return expose.isEmpty() ? marked : marked.header("Access-Control-Expose-Headers", String.join(", ", expose));
    }

    private Response allowOrigin(Response response, String origin) {
        if (!originAllowed(origin)) {
            return response;
        }
        if (origins.contains("*") && !credentials) {
            return response.header("Access-Control-Allow-Origin", "*");
        }
        Response named = response.header("Access-Control-Allow-Origin", origin).addHeader("Vary", "Origin");
        return credentials ? named.header("Access-Control-Allow-Credentials", "true") : named;
    }

    private boolean originAllowed(String origin) {
        return origins.contains("*") || origins.contains(origin);
    }

    private static final Set<String> SIMPLE_HEADERS = Set.of("accept", "accept-language", "content-language", "content-type");
}
