package dev.javicorn.supervise;

/**
 * Where javicorn as a whole is, as a service manager or a load balancer sees it:
 *
 * <pre>
 * STARTING --first worker serves--> READY --HUP, change--> RELOADING --old workers gone--> READY
 *     \                                \                        \
 *      `--------------------------------`------------------------`--INT, TERM--> STOPPING
 * </pre>
 *
 * A reload whose build or new worker fails goes back to READY: the old workers keep serving.
 */
public enum Phase {
    STARTING, READY, RELOADING, STOPPING
}
