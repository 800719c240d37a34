/**
 * Noticing edits for {@code --reload}: recursive inotify watching, filtering and debouncing.
 *
 * <h2>Theory of operation</h2>
 * <ol>
 *   <li><b>Registration.</b> The JDK {@link java.nio.file.WatchService} watches single directories
 *   (one inotify watch each), so {@link dev.javicorn.watch.WatchServiceDetector} registers the whole
 *   tree at start, skipping every directory the {@link dev.javicorn.watch.PathFilter} rejects together
 *   with its subtree: {@code target/} or {@code node_modules/} never cost a watch. A new directory is
 *   registered when its creation (or move-in) is seen and then scanned, because files can appear in it
 *   before its watch exists; those files are reported as created. A deleted or moved-away directory
 *   is forgotten with its subtree (a moved directory's watch would otherwise follow its inode). When
 *   events were dropped ({@code OVERFLOW}), the directory is rescanned and the change set is marked
 *   {@link dev.javicorn.watch.ChangeSet#overflow() overflowed} so a consumer rebuilds fully.</li>
 *   <li><b>Filtering.</b> Each event is judged on the watcher's thread by the filter, an in-memory
 *   glob match that never blocks. Editors' temporary and swap files are excluded or simply not
 *   included, so a write-temp-then-rename save reports exactly the target file.</li>
 *   <li><b>Debouncing.</b> The {@link dev.javicorn.watch.Debouncer} keeps one merged
 *   {@link dev.javicorn.watch.Change} per path and releases them as one set after a quiet period
 *   (50 ms by default) or a maximum wait (1.6 s at least), so a {@code git checkout} of 500 files is one
 *   reload and an endless trickle still reloads.</li>
 *   <li><b>Delivery.</b> The {@link dev.javicorn.watch.Watcher}'s single thread sleeps in the watch
 *   service (no polling, no idle CPU) or until the debounce deadline. A due set goes to a callback
 *   that should only enqueue to the supervisor's control loop, or waits for {@code next()}; sets
 *   nobody took yet are merged, so an edit made during a reload is delivered after it, never lost.</li>
 * </ol>
 * Threads: the JDK's own inotify reader thread and {@code javicorn-watch}; {@code close()} ends both
 * and closes the inotify descriptor.
 */
package dev.javicorn.watch;
