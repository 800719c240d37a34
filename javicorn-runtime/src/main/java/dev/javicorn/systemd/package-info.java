/**
 * javicorn under systemd: readiness notifications and socket activation, with no native library.
 *
 * <h2>Theory of operation</h2>
 *
 * <p><b>sd_notify.</b> A {@code Type=notify} (or {@code notify-reload}) unit starts javicorn with
 * {@code NOTIFY_SOCKET} naming a Unix datagram socket: a path, or an abstract name written with a
 * leading {@code @}. The JDK has no Unix datagram channel, so {@link dev.javicorn.systemd.Notifier}
 * sends each message with {@code socket(AF_UNIX, SOCK_DGRAM)} and {@code sendto} through the FFM
 * API, without blocking. It is an observer of the control loop: at the end of every turn it
 * compares the supervisor's {@link dev.javicorn.supervise.Phase} with the last one it announced
 * and says what changed — {@code READY=1} once the first worker serves, {@code RELOADING=1} with
 * {@code MONOTONIC_USEC} when a HUP or a change starts a swap, {@code READY=1} again once the old
 * workers are gone, {@code STOPPING=1} at the moment a stop begins, and a {@code STATUS=} line
 * whenever its text changes. {@code MONOTONIC_USEC} is the loop's {@code System.nanoTime()}, which
 * on Linux reads {@code CLOCK_MONOTONIC}, the clock systemd compares it with.
 *
 * <p><b>Watchdog.</b> With {@code WATCHDOG_USEC} set (and {@code WATCHDOG_PID}, if set, naming
 * javicorn), {@code WATCHDOG=1} is sent from the loop at half the interval; the loop wakes for it.
 * So the ping proves what matters: the thread that owns every worker still turns. A loop stuck in
 * a call would miss it and systemd would restart the service.
 *
 * <p><b>Socket activation.</b> With {@code LISTEN_PID} equal to javicorn's pid and
 * {@code LISTEN_FDS} at least 1, descriptor 3 is the listening socket, as if {@code --fd 3} had
 * been given ({@link dev.javicorn.systemd.SocketActivation}); more than one socket is not used.
 *
 * <p>None of these variables reaches a worker: they speak for javicorn, and an app that passed
 * them on would speak in its name.
 */
package dev.javicorn.systemd;
