package dev.javicorn.http;

import java.util.Locale;

/**
 * Which HTTP versions a native app is served with ({@code --http}), in uvicorn's spirit: its
 * {@code auto} picks the best implementation, here it offers the most a client may ask for.
 */
public enum Protocols {
    /** HTTP/1.1 and HTTP/2: h2c (prior knowledge or the HTTP/1.1 upgrade) on plain sockets, h2 through ALPN on TLS. */
    AUTO,
    /** HTTP/1.1 only. */
    H1,
    /** HTTP/2 only: h2c with prior knowledge on plain sockets, h2 through ALPN on TLS. */
    H2;

    /**
     * {@code auto}, {@code h1} (or uvicorn's {@code h11}) or {@code h2}.
     *
     * @throws IllegalArgumentException naming the option for anything else
     */
    public static Protocols parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "h1", "h11" -> H1;
            case "h2" -> H2;
            default -> throw new IllegalArgumentException("--http must be auto, h1 or h2, got '" + name + "'");
        };
    }

    /** The name {@link #parse} takes. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
