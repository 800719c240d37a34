package dev.javicorn.worker;

import dev.javicorn.process.Control;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers the supervisor's PING with PONG only once a probe has gone through the app's request
 * path. A side thread answering by itself would prove nothing: a worker whose request threads are
 * all stuck must look dead. The probe runs on a thread of its own, so the control thread stays
 * free for STOP and DUMP; at most one probe is in flight, and a PING that finds one still running
 * gets no answer, which is the point.
 *
 * <p>Each check also looks for threads deadlocked on monitors or locks: a worker with two request
 * threads stuck on each other's locks may still answer its probe on a third, yet it will never
 * finish those requests. It is reported with the deadlock's stacks instead of a PONG.
 */
final class HealthProbe {
    private final Supplier<AppRunner> runner;
    private final Consumer<Control> reply;
    private final AtomicBoolean running = new AtomicBoolean();

    HealthProbe(Supplier<AppRunner> runner, Consumer<Control> reply) {
        this.runner = runner;
        this.reply = reply;
    }

    /** Called on the control thread for each PING. */
    void check() {
        AppRunner current = runner.get();
        if (current == null || !running.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().daemon().name("javicorn-health").start(() -> {
            try {
                String deadlock = Diagnostics.deadlocked();
                if (!deadlock.isEmpty()) {
                    reply.accept(new Control.Deadlock(deadlock));
                    return;
                }
                current.probe();
                reply.accept(new Control.Pong(current.served(), current.inFlight()));
            } catch (Exception e) {
                // No answer: the supervisor's deadline decides.
            } finally {
                running.set(false);
            }
        });
    }
}
