import dev.javicorn.App;

import java.util.concurrent.CountDownLatch;

/** A native app whose /deadlock route leaves two platform threads deadlocked on two locks. */
public class Api {
    static final Object FIRST = new Object();
    static final Object SECOND = new Object();

    public static final App app = App.create()
            .get("/pid", request -> Long.toString(ProcessHandle.current().pid()))
            .get("/deadlock", request -> {
                // Each thread takes its first lock and waits for the other to hold its own: then
                // each asks for the lock the other holds, every time.
                CountDownLatch bothHoldOne = new CountDownLatch(2);
                Thread.ofPlatform().name("deadlock-a").daemon().start(() -> lock(FIRST, SECOND, bothHoldOne));
                Thread.ofPlatform().name("deadlock-b").daemon().start(() -> lock(SECOND, FIRST, bothHoldOne));
                return "two threads are about to deadlock";
            });

    static void lock(Object one, Object other, CountDownLatch bothHoldOne) {
        synchronized (one) {
            bothHoldOne.countDown();
            try {
                bothHoldOne.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (other) {
                System.out.println("never printed");
            }
        }
    }
}
