package dev.javicorn.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How native apps' WebSockets behave, with uvicorn's defaults.
 *
 * @param maxSize the largest message accepted, in bytes; a larger one closes the connection
 *     with 1009 ({@code --ws-max-size})
 * @param pingInterval how often a ping is sent; zero for never ({@code --ws-ping-interval})
 * @param pingTimeout how long a ping may wait for its pong before the connection is closed with
 *     1011 ({@code --ws-ping-timeout})
 * @param perMessageDeflate whether the permessage-deflate extension is offered to a client that
 *     asks for it ({@code --ws-per-message-deflate})
 */
public record WebSocketOptions(long maxSize, Duration pingInterval, Duration pingTimeout, boolean perMessageDeflate) {
    /** uvicorn's 16 MiB. */
    public static final long DEFAULT_MAX_SIZE = 16 * 1024 * 1024;
    /** uvicorn's 20 s, for both the interval and the timeout. */
    public static final Duration DEFAULT_PING = Duration.ofSeconds(20);

    public WebSocketOptions {
        if (maxSize < 1) {
            throw new IllegalArgumentException("--ws-max-size must be at least 1 byte: " + maxSize);
        }
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(pingTimeout, "pingTimeout");
        if (pingInterval.isNegative()) {
            throw new IllegalArgumentException("--ws-ping-interval must be 0 (no pings) or more: " + pingInterval);
        }
        if (pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("--ws-ping-timeout must be positive: " + pingTimeout);
        }
    }

    public static WebSocketOptions defaults() {
        return new WebSocketOptions(DEFAULT_MAX_SIZE, DEFAULT_PING, DEFAULT_PING, true);
    }
}
