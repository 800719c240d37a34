import dev.javicorn.App;

/** A native app whose /deadlock route leaves two platform threads deadlocked on two locks. */
public class Api {
    static final Object FIRST = new Object();
    static final Object SECOND = new Object();

    public static final App app = App.create()
            .get("/pid", request -> Long.toString(ProcessHandle.current().pid()))
            .get("/deadlock", request -> {
                Thread.ofPlatform().name("deadlock-a").daemon().start(() -> lock(FIRST, SECOND));
                Thread.ofPlatform().name("deadlock-b").daemon().start(() -> lock(SECOND, FIRST));
                return "two threads are about to deadlock";
            });

    static void lock(Object one, Object other) {
        synchronized (one) {
            pause();
            synchronized (other) {
                System.out.println("never printed");
            }
        }
    }

    /** Long enough for the other thread to take its first lock. */
    static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
