/**
 * The start-up cache of a main-class app: the JDK's ahead-of-time cache ({@code -XX:AOTCache}) of
 * the classes its framework loads and links as it starts, made once per set of jars. A Spring
 * Boot worker that maps it starts in about half the time (docs/benchmarks.md), and under
 * {@code --reload} every edit waits for a worker's start.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>The JDK caches only classes from jars, refuses to write a recording once classes were loaded
 * from a non-empty folder of the class path, and maps a cache only into a JVM whose class path
 * begins with the very jars it was recorded with. The app's {@code main} must never run outside
 * a real worker (its processes, migrations and schedulers would run twice). Hence:
 * <ul>
 *   <li>The first worker for a set of jars records ({@code -XX:AOTMode=record}) while it serves,
 *       with only the jars on its {@code -cp}; it adds the app's class folders after them itself,
 *       so it finds every class where a worker that maps the cache does
 *       ({@code worker.ClassFolders}). {@link dev.javicorn.appcache.AppStartupCache#RECORD_FOR}
 *       after it is ready it ends the recording and says so ({@code RECORDED}); stopped before,
 *       its JVM writes the recording as it exits. One worker records at a time
 *       ({@link dev.javicorn.appcache.AppStartupCache#startRecording}).</li>
 *   <li>A recording is renamed into place only once complete
 *       ({@link dev.javicorn.appcache.AppStartupCache#recorded}): after {@code RECORDED}, or a
 *       normal exit. A worker killed at its stop's deadline leaves nothing, and the next one
 *       records again.</li>
 *   <li>A JVM that runs none of the app's code makes the cache from the recording
 *       ({@code -XX:AOTMode=create}), started by the supervisor's control loop when the fleet is
 *       quiet, bounded, and killed on a stop like any worker
 *       ({@link dev.javicorn.appcache.AppStartupCache#mayMake}, {@code making}, {@code finished}).
 *       It runs only under {@code --reload}.</li>
 *   <li>A worker that maps the cache has the jars first and the class folders after them
 *       ({@link dev.javicorn.appcache.Layout#jarsFirst}). That changes which copy of a file is
 *       found only if a file is in both; every launch checks that none is, or runs (and records)
 *       without it.</li>
 *   <li>The cache's name is a digest of what makes it valid: the JVM, each jar's path, size and
 *       time, and the {@code --jvm-arg}s. Only the newest cache is kept, across runs.</li>
 * </ul>
 * {@code JAVICORN_AOT=off}, or an archive option among the {@code --jvm-arg}s, turns it off.
 */
package dev.javicorn.appcache;
