package dev.javicorn.process;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Waking a platform thread out of a blocking system call, the way the JDK itself does when a
 * channel is closed under a thread blocked on it: a signal of the JDK's own ({@code SIGRTMAX - 2}
 * on Linux), whose handler does nothing and does not restart the call. The call fails with
 * {@code EINTR}, and the JDK's socket code retries it on the same descriptor number — which
 * {@code adopt.Adoption} has pointed at another socket by then.
 */
public final class NativeThreads {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETTID = handle("gettid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle TGKILL = handle("tgkill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SIGRTMAX = handle("__libc_current_sigrtmax", FunctionDescriptor.of(JAVA_INT));

    private NativeThreads() {}

    /** The kernel's id of the calling platform thread. */
    public static int currentTid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Interrupts the system call thread {@code tid} of this process is blocked in, if any; false
     * if there is no such thread any more (tgkill, unlike pthread_kill, is safe on a gone thread).
     */
    public static boolean wake(int tid) {
        try {
            int signal = (int) SIGRTMAX.invokeExact() - 2;
            return (int) TGKILL.invokeExact((int) ProcessHandle.current().pid(), tid, signal) == 0;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }
}
