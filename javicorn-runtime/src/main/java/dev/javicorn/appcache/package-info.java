/**
 * The start-up cache of a main-class app: the JDK's ahead-of-time cache ({@code -XX:AOTCache}) of
 * the classes its framework loads and links as it starts, made once per set of jars. A Spring
 * Boot worker that maps it starts in about half the time (docs/benchmarks.md), and under
 * {@code --reload} every edit waits for a worker's start.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>The JDK caches only classes from jars, refuses to make a cache for a classpath with a
 * non-empty class folder, and maps a cache only into a JVM whose classpath begins with the very
 * jars it was made with. Hence:
 * <ul>
 *   <li>A worker that uses the cache has the jars first and the class folders after them
 *       ({@link dev.javicorn.appcache.Layout#jarsFirst}). That changes which copy of a file is
 *       found only if a file is in both; every launch checks that none is, or runs without it.</li>
 *   <li>The training is a run of its own: the app started once more, in the background at low
 *       priority, on a free port of the loopback, with only the jars on its classpath and its
 *       class folders in a class loader of their own. Once it listens it serves one request and
 *       exits, and the JVM writes the cache as it exits. This package only plans it
 *       ({@link dev.javicorn.appcache.AppStartupCache#plan}) and keeps or drops what it wrote
 *       ({@code finished}); the supervisor's control loop starts it, bounds it (the start-up
 *       timeout plus two minutes) and kills it on a stop, like any worker. It runs only under
 *       {@code --reload}.</li>
 *   <li>The cache's name is a digest of what makes it valid: the JVM, each jar's path, size and
 *       time, and the {@code --jvm-arg}s. Only the newest cache is kept.</li>
 * </ul>
 * {@code JAVICORN_AOT=off}, or an archive option among the {@code --jvm-arg}s, turns it off.
 */
package dev.javicorn.appcache;
