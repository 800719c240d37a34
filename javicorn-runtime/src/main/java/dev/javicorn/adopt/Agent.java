package dev.javicorn.adopt;

import dev.javicorn.log.Log;

import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * The {@code -javaagent} of a main-class worker (see the package's theory of operation). Its
 * {@link #premain} runs on the JVM's main thread before javicorn's worker and the app start; it
 * does nothing when fd 0 is not a listening socket, and when the JDK is not as expected it logs
 * a warning and leaves every bind alone, so the app then binds its own port as without the agent.
 */
public final class Agent {
    private static final String PACKAGE = "sun.nio.ch";
    /** Kept for the worker: a start-up cache's recording run adds the app's class folders with it. */
    private static volatile Instrumentation kept;

    private Agent() {}

    public static void premain(String options, Instrumentation instrumentation) {
        kept = instrumentation;
        if (!Adoption.inheritsListener()) {
            return;
        }
        try {
            install(instrumentation);
        } catch (ReflectiveOperationException | UnmodifiableClassException | RuntimeException e) {
            Log.warning("Cannot adopt the app's server socket: " + e);
        }
    }

    /**
     * Opens {@code sun.nio.ch} to this class's module (and to no other), defines the hook class
     * there, points its fields at {@link Adoption}, and rewrites the socket classes as they load.
     * Those a start-up cache already loaded with the JVM (its classes come linked and loaded
     * before any agent runs) are rewritten at once, with a retransformation: the rewrites only
     * change method bodies, which a retransformation may. The boot class path is left alone:
     * appending to it would turn off the JVM's class sharing.
     */
    private static void install(Instrumentation instrumentation)
            throws ReflectiveOperationException, UnmodifiableClassException {
        Module base = Object.class.getModule();
        instrumentation.redefineModule(base, Set.of(), Map.of(), Map.of(PACKAGE, Set.of(Agent.class.getModule())),
                Set.of(), Map.of());
        MethodHandles.Lookup nio = MethodHandles.privateLookupIn(
                Class.forName(PACKAGE + ".IOUtil", false, null), MethodHandles.lookup());
        MethodHandle fdVal = nio.findStatic(nio.lookupClass(), "fdVal", MethodType.methodType(int.class, FileDescriptor.class));
        Class<?> hook = nio.defineClass(HookClass.bytes());
        BiPredicate<FileDescriptor, InetSocketAddress> bind = (fd, address) -> Adoption.bind(fd(fdVal, fd), address);
        Predicate<FileDescriptor> listen = fd -> Adoption.listen(fd(fdVal, fd));
        IntConsumer accepts = Adoption::accepts;
        hook.getField("BIND").set(null, bind);
        hook.getField("LISTEN").set(null, listen);
        hook.getField("ACCEPTS").set(null, accepts);
        instrumentation.addTransformer(new Rewrites(), true);
        Class<?>[] loaded = Arrays.stream(instrumentation.getAllLoadedClasses())
                .filter(c -> c.getClassLoader() == null && Rewrites.CLASSES.contains(c.getName().replace('.', '/')))
                .toArray(Class<?>[]::new);
        if (loaded.length > 0) {
            instrumentation.retransformClasses(loaded);
        }
        Adoption.installed();
    }

    /** The JVM's instrumentation, when this agent was loaded; empty otherwise. */
    public static java.util.Optional<Instrumentation> instrumentation() {
        return java.util.Optional.ofNullable(kept);
    }

    private static int fd(MethodHandle fdVal, FileDescriptor fd) {
        try {
            return (int) fdVal.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
