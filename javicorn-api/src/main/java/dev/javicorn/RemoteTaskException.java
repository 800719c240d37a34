package dev.javicorn;

import java.util.Objects;

/**
 * A task threw in a pool's worker process. The original exception cannot travel (its class may
 * hold state that does not serialize, or may not exist in the owner), so this carries what a
 * reader needs: the remote class name, the remote message, and the remote stack trace as this
 * exception's own {@link #getStackTrace() stack trace}. A remote cause becomes a
 * {@code RemoteTaskException} cause, and so on down the chain.
 *
 * <p>It reaches callers as the cause of the {@link java.util.concurrent.ExecutionException} from
 * {@code future.get()} (or of the {@link java.util.concurrent.CompletionException} from
 * {@code join()}).
 */
public final class RemoteTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String remoteMessage;

    /**
     * Builds the local stand-in for a remote exception; the pool calls it on the worker side.
     * The stack trace is left empty for the caller to set with {@link #setStackTrace}.
     */
    public RemoteTaskException(String remoteType, String remoteMessage, RemoteTaskException cause) {
        super(remoteMessage == null ? remoteType : remoteType + ": " + remoteMessage, cause, true, true);
        this.remoteType = Objects.requireNonNull(remoteType, "remoteType");
        this.remoteMessage = remoteMessage;
    }

    /** Fully qualified class name of the exception the task threw, e.g. {@code java.io.IOException}. */
    public String remoteType() {
        return remoteType;
    }

    /** The remote exception's own message, possibly {@code null}. */
    public String remoteMessage() {
        return remoteMessage;
    }

    /** Keeps the remote stack rather than capturing the (meaningless) local one. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
