import dev.javicorn.App;

import java.util.concurrent.CountDownLatch;

/**
 * A native app that starts fine and crashes shortly after: a thread started at startup calls
 * System.exit(1) 300 ms after the app served its first request (so the crash always comes after
 * the worker was ready, however slow the machine).
 */
public class Crashing {
    private static final CountDownLatch served = new CountDownLatch(1);

    public static final App app = App.create()
            .onStartup(() -> Thread.ofPlatform().daemon().name("crasher").start(() -> {
                try {
                    served.await();
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("crashing: System.exit(1)");
                System.exit(1);
            }))
            .get("/", request -> {
                served.countDown();
                return "still up";
            });
}
