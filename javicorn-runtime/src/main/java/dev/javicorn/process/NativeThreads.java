package dev.javicorn.process;

import java.lang.invoke.MethodHandle;

/**
 * Waking a platform thread out of a blocking system call, the way the JDK itself does when a
 * channel is closed under a thread blocked on it: a signal of the JDK's own ({@code SIGRTMAX - 2}
 * on Linux), whose handler does nothing and does not restart the call. The call fails with
 * {@code EINTR}, and the JDK's socket code retries it on the same descriptor number — which
 * {@code adopt.Adoption} has pointed at another socket by then.
 */
public final class NativeThreads {
    private static final MethodHandle GETTID = Libc.plain("gettid");
    private static final MethodHandle TGKILL = Libc.plain("tgkill");
    private static final MethodHandle SIGRTMAX = Libc.plain("__libc_current_sigrtmax");

    private NativeThreads() {}

    /** The kernel's id of the calling platform thread. */
    public static int currentTid() {
        return Libc.word(Libc.invoke(GETTID, 0));
    }

    /**
     * Interrupts the system call thread {@code tid} of this process is blocked in, if any; false
     * if there is no such thread any more (tgkill, unlike pthread_kill, is safe on a gone thread).
     */
    public static boolean wake(int tid) {
        int signal = Libc.word(Libc.invoke(SIGRTMAX, 0)) - 2;
        return Libc.word(Libc.invoke(TGKILL, ProcessHandle.current().pid(), tid, signal)) == 0;
    }
}
