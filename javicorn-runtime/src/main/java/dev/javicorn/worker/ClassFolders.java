package dev.javicorn.worker;

import dev.javicorn.adopt.Agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a main-class app's class folders at the end of the system class loader's path, after its
 * jars, in a worker that records the app's start-up cache (see {@code dev.javicorn.appcache}).
 *
 * <p>Why not on its {@code -cp}: the JDK refuses to record a cache when classes were loaded from a
 * non-empty folder of the class path, and an app's own classes always are. A folder added while the
 * JVM runs is out of the recording's sight (its classes are skipped, "unsupported location"), yet
 * the app finds its classes in the same loader, in the same order, as a worker that maps the
 * cache with {@code -cp jars:folders}. Only {@code java.class.path} would differ, so it is set to
 * that class path too, for the frameworks that read it.
 *
 * <p>The loader's own way to grow is {@code appendToClassPathForInstrumentation}, what
 * {@link Instrumentation#appendToSystemClassLoaderSearch} calls for jars: reached through javicorn's
 * agent, which opens {@code jdk.internal.loader} to javicorn alone. A JVM option
 * ({@code --add-opens}) would do it too, but the JDK maps a cache only under the module options it
 * was recorded with.
 */
final class ClassFolders {
    private static final String LOADERS = "jdk.internal.loader";

    private ClassFolders() {}

    /**
     * Appends {@code folders} to the system class loader's path.
     *
     * @throws IllegalStateException when javicorn's agent is not loaded or the JDK is not as expected:
     *     the app could not find its own classes, so the worker cannot start
     */
    static void appendToSystemLoader(List<Path> folders) {
        if (folders.isEmpty()) {
            return;
        }
        Instrumentation instrumentation = Agent.instrumentation()
                .orElseThrow(() -> new IllegalStateException("javicorn's agent is not loaded: cannot add " + folders));
        ClassLoader system = ClassLoader.getSystemClassLoader();
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                Map.of(LOADERS, Set.of(ClassFolders.class.getModule())), Set.of(), Map.of());
        StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
        try {
            Method append = system.getClass().getDeclaredMethod("appendToClassPathForInstrumentation", String.class);
            append.setAccessible(true);
            for (Path folder : folders) {
                append.invoke(system, folder.toString());
                classPath.append(File.pathSeparator).append(folder);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot add the app's class folders to the class path: " + e, e);
        }
        System.setProperty("java.class.path", classPath.toString());
    }
}
