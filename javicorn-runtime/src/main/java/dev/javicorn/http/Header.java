package dev.javicorn.http;

import java.util.Objects;

/**
 * A response header sent on every response, as given by {@code --header NAME:VALUE}.
 *
 * @param name a header name: an HTTP token (letters, digits and {@code !#$%&'*+-.^_`|~})
 * @param value the value, without surrounding spaces; may be empty, never holds CR or LF
 */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(Header::isTokenChar)) {
            throw new IllegalArgumentException("invalid header name: '" + name + "'");
        }
        // A CR or LF would let a value start a header, or a body, of its own.
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value holds a line break: " + name);
        }
    }

    /**
     * Parses {@code NAME:VALUE}; spaces around the value are dropped, the value may hold colons.
     *
     * @throws IllegalArgumentException with a one-line message naming the bad input
     */
    public static Header parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--header must be NAME:VALUE, got '" + oneLine(text) + "'");
        }
        String name = text.substring(0, colon);
        String value = text.substring(colon + 1).strip();
        if (!name.chars().allMatch(Header::isTokenChar)) {
            throw new IllegalArgumentException("--header name is not a valid HTTP header name: '" + oneLine(name) + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("--header value must not hold a line break: '" + name + "'");
        }
        return new Header(name, value);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String oneLine(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
