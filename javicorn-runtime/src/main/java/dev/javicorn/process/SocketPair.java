package dev.javicorn.process;

/**
 * A connected pair of Unix stream sockets, both close-on-exec: ours stays in the supervisor, theirs
 * becomes a worker's fd 3 and is closed on our side once the worker is spawned.
 */
public record SocketPair(int ours, int theirs) {
    public static SocketPair open() {
        int[] fds = Libc.socketpair();
        return new SocketPair(fds[0], fds[1]);
    }

    public void closeTheirs() {
        Libc.close(theirs);
    }

    public void closeOurs() {
        Libc.close(ours);
    }
}
