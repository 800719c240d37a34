package dev.javicorn;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A cookie to set on a response, built step by step and immutable: each method returns a copy.
 *
 * <pre>{@code
 * Response.text("signed in")
 *     .cookie(Cookie.of("session", id).path("/").maxAge(Duration.ofHours(8)).httpOnly().secure()
 *             .sameSite(Cookie.SameSite.LAX))
 *     .cookie(Cookie.of("theme", "dark"));
 * }</pre>
 *
 * <p>Only values a browser takes back unchanged are accepted: the name is an HTTP token, the value
 * holds no space, {@code "}, {@code ,}, {@code ;} or {@code \} (encode anything else yourself, e.g.
 * in Base64url), the path and domain hold no {@code ;} and no control character. A bad one throws
 * {@link IllegalArgumentException} at once, naming it.
 */
public final class Cookie {
    /** The {@code SameSite} attribute; {@link #NONE} is only accepted on a {@link #secure()} cookie. */
    public enum SameSite { STRICT, LAX, NONE }

    private final String name;
    private final String value;
    private final String path;
    private final String domain;
    private final Duration maxAge;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;

    private Cookie(String name, String value, String path, String domain, Duration maxAge, boolean secure,
            boolean httpOnly, SameSite sameSite) {
        this.name = name;
        this.value = value;
        this.path = path;
        this.domain = domain;
        this.maxAge = maxAge;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
    }

    /** A session cookie (no expiry) with no attributes. */
    public static Cookie of(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || !name.chars().allMatch(Cookie::isTokenChar)) {
            throw new IllegalArgumentException("cookie name is not an HTTP token: '" + printable(name) + "'");
        }
        if (!value.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A)
                || (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))) {
            throw new IllegalArgumentException("cookie " + name + ": value holds a character a cookie cannot carry"
                    + " (space, '\"', ',', ';', '\\', a control or non-ASCII character)");
        }
        return new Cookie(name, value, null, null, null, false, false, null);
    }

    /** A cookie that tells the browser to drop {@code name} at once (empty value, {@code Max-Age=0}). */
    public static Cookie expired(String name) {
        return of(name, "").maxAge(Duration.ZERO);
    }

    public Cookie path(String newPath) {
        return new Cookie(name, value, attribute("path", newPath), domain, maxAge, secure, httpOnly, sameSite);
    }

    public Cookie domain(String newDomain) {
        return new Cookie(name, value, path, attribute("domain", newDomain), maxAge, secure, httpOnly, sameSite);
    }

    /** How long the browser keeps it, whole seconds; zero deletes it now. */
    public Cookie maxAge(Duration age) {
        Objects.requireNonNull(age, "age");
        if (age.isNegative()) {
            throw new IllegalArgumentException("cookie " + name + ": max-age must not be negative: " + age);
        }
        return new Cookie(name, value, path, domain, age, secure, httpOnly, sameSite);
    }

    /** Sent over HTTPS only. */
    public Cookie secure() {
        return new Cookie(name, value, path, domain, maxAge, true, httpOnly, sameSite);
    }

    /** Not readable from JavaScript. */
    public Cookie httpOnly() {
        return new Cookie(name, value, path, domain, maxAge, secure, true, sameSite);
    }

    public Cookie sameSite(SameSite mode) {
        return new Cookie(name, value, path, domain, maxAge, secure, httpOnly, Objects.requireNonNull(mode, "mode"));
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /**
     * The {@code Set-Cookie} header value, e.g. {@code session=abc; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax}.
     *
     * @throws IllegalArgumentException if {@code SameSite=None} is asked for without {@code Secure}
     *     (browsers drop such a cookie)
     */
    public String toHeaderValue() {
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalArgumentException("cookie " + name + ": SameSite=None needs secure() (browsers drop it otherwise)");
        }
        StringBuilder header = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            header.append("; Path=").append(path);
        }
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            header.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (secure) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (sameSite != null) {
            String mode = sameSite.name().toLowerCase(Locale.ROOT);
            header.append("; SameSite=").append(Character.toUpperCase(mode.charAt(0))).append(mode.substring(1));
        }
        return header.toString();
    }

    @Override
    public String toString() {
        return toHeaderValue();
    }

    private String attribute(String what, String text) {
        Objects.requireNonNull(text, what);
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != ';')) {
            throw new IllegalArgumentException("cookie " + name + ": " + what + " must be non-empty printable ASCII without ';': '"
                    + printable(text) + "'");
        }
        return text;
    }

    static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static String printable(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
