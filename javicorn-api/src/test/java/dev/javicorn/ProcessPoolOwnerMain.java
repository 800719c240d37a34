package dev.javicorn;

import java.io.IOException;
import java.time.Duration;
import java.util.stream.Collectors;

/**
 * An owner JVM for tests that must end the owner itself. Modes:
 * {@code busy} starts a pool whose two workers each start a {@code sleep} and then spin forever,
 * prints {@code PIDS <every descendant>} and waits to be killed; {@code exit} runs one task and
 * returns from main with the pool still open.
 */
public final class ProcessPoolOwnerMain {
    private ProcessPoolOwnerMain() {}

    public static void main(String[] args) throws Exception {
        var pool = ProcessPool.builder().size(2).name("owner-test").build();
        if (args[0].equals("exit")) {
            System.out.println("RESULT " + pool.submit(ProcessPoolOwnerMain::pid).join());
            return; // the pool is deliberately left open
        }
        pool.submit(ProcessPoolOwnerMain::startSleepThenSpin);
        pool.submit(ProcessPoolOwnerMain::startSleepThenSpin);
        var ready = Processes.await(Duration.ofSeconds(20), () -> ProcessHandle.current().descendants().count() == 4);
        var pids = ProcessHandle.current().descendants().map(p -> Long.toString(p.pid()))
                .collect(Collectors.joining(" "));
        System.out.println((ready ? "PIDS " : "TIMEOUT ") + pids);
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5)); // stands for an app that runs until it is killed
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    @SuppressWarnings("InfiniteLoopStatement")
    static Void startSleepThenSpin() throws IOException {
        new ProcessBuilder("sleep", "300").start();
        while (true) {
            Thread.onSpinWait();
        }
    }
}
