package dev.javicorn.supervise;

import dev.javicorn.appcache.AppStartupCache;
import dev.javicorn.config.Config;
import dev.javicorn.log.Log;
import dev.javicorn.process.Control;
import dev.javicorn.worker.AppTarget;

import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processes of a main-class app's start-up cache, as launchers the control loop starts like
 * any worker's: the workers that record it, and the JVM that makes it from a recording. What
 * becomes of their files is {@link AppStartupCache}'s business; the theory of operation is in the
 * package-info of {@code dev.javicorn.appcache}. Made on the build thread, launched on the loop.
 */
final class StartupCacheRuns {
    /** How long making a start-up cache may take: 5 s for the Spring Boot example, on two busy cores. */
    private static final Duration MAKING_LIMIT = Duration.ofSeconds(120);

    private final Config config;
    private final AppTarget target;
    private final boolean colors;
    private final AppStartupCache appCache;

    StartupCacheRuns(Config config, AppTarget target, boolean colors, AppStartupCache appCache) {
        this.config = config;
        this.target = target;
        this.colors = colors;
        this.appCache = appCache;
    }

    /**
     * Workers that record the start-up cache while no cache, no complete recording and no other
     * recording worker is there (decided as each one starts, on the loop), else {@code plain} ones.
     * What a recording worker wrote is kept when it says its recording ended, or at its exit (on
     * its reader and reaper threads, before the message or the exit is queued: by the time the loop
     * sees either, a complete recording is in place), or dropped if it did not exit normally. A
     * worker that died while its JVM wrote the recording (the JDK ends a JVM whose recording
     * fails) makes javicorn give the cache up for this run: the next worker would die the same way.
     */
    WorkerProcess.Launcher recordingOr(WorkerProcess.Launcher plain, AppStartupCache.Plan plan, int port,
                                       boolean sharedSocket, int fd) {
        return listener -> {
            Optional<AppStartupCache.Recording> recording = appCache.startRecording(plan);
            if (recording.isEmpty()) {
                return plain.launch(listener);
            }
            AtomicBoolean writing = new AtomicBoolean();
            WorkerProcess.Listener keeping = new WorkerProcess.Listener() {
                @Override
                public void message(Control.ToSupervisor message) {
                    switch (message) {
                        case Control.EndingRecording e -> writing.set(true);
                        case Control.Recorded r -> {
                            writing.set(false);
                            appCache.recorded(recording.get(), 0);
                        }
                        default -> { }
                    }
                    listener.message(message); // queued: the loop's next turn may start making the cache
                }

                @Override
                public void exited(int waitStatus) {
                    if (writing.get() && waitStatus != 0) {
                        appCache.endedWriting(recording.get(), waitStatus);
                    } else {
                        appCache.recorded(recording.get(), waitStatus);
                    }
                    listener.exited(waitStatus);
                }
            };
            try {
                return SpawnedWorker.launcher(WorkerCommand.recordingArgv(config, target, plan.layout(), port, colors, sharedSocket,
                        recording.get().temporary()), WorkerCommand.env(config, target, port), fd, List.of()).launch(keeping);
            } catch (RuntimeException e) {
                appCache.recorded(recording.get(), -1);
                throw e;
            }
        };
    }

    /**
     * The run that makes the start-up cache from a worker's recording: started by the loop once the
     * recording is complete and the fleet is quiet, bounded, and killed on a stop like any worker.
     */
    Build.MakeCache making(AppStartupCache.Plan plan) {
        AtomicLong started = new AtomicLong();
        WorkerProcess.Launcher launcher = listener -> {
            appCache.making(plan);
            started.set(System.nanoTime());
            WorkerProcess process = SpawnedWorker.launcher(WorkerCommand.makingArgv(config, target, plan.layout(), plan.config(),
                    plan.output()), WorkerCommand.env(config, target, 0), -1, plan.log(), List.of()).launch(listener);
            Log.info("Making a start-up cache for " + target + " in the background [" + process.pid() + "] from its first"
                    + " worker's recording (its output goes to " + plan.log() + ").");
            return process;
        };
        return new Build.MakeCache(launcher, MAKING_LIMIT, () -> appCache.mayMake(plan),
                status -> appCache.finished(plan, status, started.get()));
    }
}
