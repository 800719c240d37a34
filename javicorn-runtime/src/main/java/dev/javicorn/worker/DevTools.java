package dev.javicorn.worker;

import dev.javicorn.log.Log;

/**
 * Spring Boot DevTools, when an app has it on its classpath (Spring Initializr adds it): its own
 * restart runs the app's {@code main} again in a new class loader and ends the first run with a
 * {@code SilentExitException}, which fights javicorn's reloads. It reads one system property
 * before it does anything, so setting that property before the app's {@code main} turns the
 * restart off and leaves the rest of DevTools (LiveReload, property defaults) as it was.
 */
final class DevTools {
    private static final String RESTARTER = "org.springframework.boot.devtools.restart.Restarter";
    private static final String ENABLED = "spring.devtools.restart.enabled";

    private DevTools() {}

    /** Turns DevTools' restart off if {@code loader} sees DevTools and the app did not say otherwise. */
    static void turnRestartOff(ClassLoader loader) {
        if (System.getProperty(ENABLED) != null || loader.getResource(RESTARTER.replace('.', '/') + ".class") == null) {
            return;
        }
        System.setProperty(ENABLED, "false");
        Log.info("Spring Boot DevTools is on the classpath: its restart is turned off, javicorn reloads the app.");
    }
}
