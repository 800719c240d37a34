package dev.javicorn.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The messages of the control channel between the supervisor and a worker, one per line. Both
 * sides encode and decode them here and nowhere else, so the protocol is this one type.
 *
 * <pre>
 * supervisor -> worker                      worker -> supervisor
 *   GO          a spare: load the app          WARM        a spare is warmed up, waiting for GO
 *   STOP ms [restart]                      POOL n      the app's pools asked for n workers
 *               drain, then exit within ms;
 *               restart: another worker takes over
 *   PING        prove you can serve            READY       the app serves
 *   DUMP        send your thread stacks        PONG n      a probe went through; n requests served
 *   TLS-PASSWORD b64  the TLS key's            FAILED why  the app cannot start (one line)
 *               password, sent first
 *                                              DEADLOCK b64 threads deadlocked, with their stacks
 *                                              THREADS b64 thread stacks asked for by DUMP; the
 *                                                          platform threads, then the virtual ones
 *                                              EXITING     stopped: the JVM's exit begins
 * </pre>
 *
 * A line neither side knows decodes to {@link Unknown}, which the receiver ignores: a worker of
 * another build of javicorn (a spare started before an upgrade) must never break the loop.
 */
public sealed interface Control {
    /** What the supervisor tells a worker. */
    sealed interface ToWorker extends Control {}

    /** What a worker tells its supervisor. */
    sealed interface ToSupervisor extends Control {}

    /** A spare loads the app now. */
    record Go() implements ToWorker {}

    /**
     * Stop accepting, finish the requests in flight, run the app's shutdown and exit within
     * {@code grace}; {@code restart} when another worker takes over (a reload, a rolling restart,
     * a recycle), rather than the service going away (a stop, fewer workers).
     */
    record Stop(Duration grace, boolean restart) implements ToWorker {}

    /** Send a probe through the request path and answer {@link Pong} once it went through. */
    record Ping() implements ToWorker {}

    /** Answer with {@link Threads}: the stacks of the threads that keep the JVM alive. */
    record Dump() implements ToWorker {}

    /**
     * The TLS key's or keystore's password ({@code --ssl-keyfile-password}), the first message a
     * worker gets when it needs one: it never goes on a worker's command line or into its
     * environment, which every local user can read in {@code /proc}. Never shown by {@link #toString}.
     */
    record TlsPassword(String password) implements ToWorker {
        @Override
        public String toString() {
            return "TlsPassword[(hidden)]";
        }
    }

    /** A spare has paid for its JVM's start and warm-up and waits for {@link Go}. */
    record Warm() implements ToSupervisor {}

    /** The app's process pools asked for this many workers (sent before {@link Ready}). */
    record Pool(int workers) implements ToSupervisor {}

    /** The app serves. */
    record Ready() implements ToSupervisor {}

    /**
     * A probe went through the request path; {@code served} requests so far and {@code inFlight}
     * now, not counting the probe (each -1 when the app kind cannot tell).
     */
    record Pong(long served, int inFlight) implements ToSupervisor {
        public Pong(long served) {
            this(served, -1);
        }
    }

    /** The app cannot start; {@code reason} is one line. */
    record Failed(String reason) implements ToSupervisor {}

    /** Threads of the worker are deadlocked (found at a health check); their stacks. */
    record Deadlock(String stacks) implements ToSupervisor {}

    /** The worker's thread stacks, in answer to {@link Dump}. */
    record Threads(String stacks) implements ToSupervisor {}

    /**
     * A worker that records the start-up cache is about to end its recording: its JVM writes it
     * at a safepoint, where none of its threads answers (seconds, on a busy machine) until
     * {@link Recorded}.
     */
    record EndingRecording() implements ToSupervisor {}

    /**
     * A worker that records the start-up cache has ended its recording: the file its JVM wrote
     * is complete (see {@code appcache}).
     */
    record Recorded() implements ToSupervisor {}

    /**
     * The worker has stopped and calls {@code System.exit}: what is left is the JVM's exit (the
     * shutdown hooks registered with the JDK, then the JVM's own teardown, which waits for its
     * compiler threads at a safepoint where no thread answers).
     */
    record Exiting() implements ToSupervisor {}

    /** A line this build does not know; ignored. */
    record Unknown(String line) implements ToWorker, ToSupervisor {}

    /** The message as one line, without its newline. */
    static String encode(Control message) {
        return switch (message) {
            case Go g -> "GO";
            case Stop s -> "STOP " + s.grace().toMillis() + (s.restart() ? " restart" : "");
            case Ping p -> "PING";
            case Dump d -> "DUMP";
            case TlsPassword t -> "TLS-PASSWORD " + base64(t.password());
            case Warm w -> "WARM";
            case Pool p -> "POOL " + p.workers();
            case Ready r -> "READY";
            case EndingRecording e -> "ENDING-RECORDING";
            case Recorded r -> "RECORDED";
            case Exiting e -> "EXITING";
            case Pong p -> "PONG " + p.served() + " " + p.inFlight();
            case Failed f -> "FAILED " + f.reason().replace('\n', ' ').replace('\r', ' ');
            case Threads t -> "THREADS " + base64(t.stacks());
            case Deadlock d -> "DEADLOCK " + base64(d.stacks());
            case Unknown u -> u.line();
        };
    }

    /** Decodes a line the supervisor sent. */
    static ToWorker toWorker(String line) {
        String word = word(line);
        String rest = rest(line);
        try {
            return switch (word) {
                case "GO" -> new Go();
                case "STOP" -> new Stop(Duration.ofMillis(Long.parseLong(word(rest))), rest.endsWith(" restart"));
                case "PING" -> new Ping();
                case "DUMP" -> new Dump();
                case "TLS-PASSWORD" -> new TlsPassword(text(rest));
                default -> new Unknown(line);
            };
        } catch (IllegalArgumentException e) { // NumberFormatException and bad Base64 included
            return new Unknown(line);
        }
    }

    /** Decodes a line a worker sent. */
    static ToSupervisor toSupervisor(String line) {
        String word = word(line);
        String rest = rest(line);
        try {
            return switch (word) {
                case "WARM" -> new Warm();
                case "POOL" -> new Pool(Integer.parseInt(rest));
                case "READY" -> new Ready();
                case "ENDING-RECORDING" -> new EndingRecording();
                case "RECORDED" -> new Recorded();
                case "EXITING" -> new Exiting();
                case "PONG" -> rest.contains(" ")
                        ? new Pong(Long.parseLong(word(rest)), Integer.parseInt(rest(rest))) : new Pong(Long.parseLong(rest));
                case "FAILED" -> new Failed(rest);
                case "THREADS" -> new Threads(text(rest));
                case "DEADLOCK" -> new Deadlock(text(rest));
                default -> new Unknown(line);
            };
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return new Unknown(line);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String word(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? line : line.substring(0, space);
    }

    private static String rest(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? "" : line.substring(space + 1);
    }
}
