package dev.javicorn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.NotSerializableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs real worker JVMs; every test has a deadline well under the suite's minute. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ProcessPoolTest {
    private static ProcessPool shared;

    @BeforeAll
    static void startSharedPool() {
        shared = ProcessPool.builder().size(2).name("shared").build();
    }

    @AfterAll
    static void closeSharedPool() {
        shared.close();
    }

    static int answer() {
        return 42;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static int failWithCause() throws IOException {
        try {
            throw new IOException("disk on fire");
        } catch (IOException e) {
            throw new IllegalStateException("task failed", e);
        }
    }

    @Test
    void methodReferenceLambdaAndRunnableResultsComeBack() throws Exception {
        int base = 40;
        assertThat(shared.submit(ProcessPoolTest::answer).get()).isEqualTo(42);
        assertThat(shared.submit(() -> base + 2).get()).isEqualTo(42);
        assertThat(shared.submit(() -> List.of("a", base)).get()).isEqualTo(List.of("a", 40));
        assertThat(shared.submit(() -> System.out.println("a task's own print")).get()).isNull();
        assertThat(shared.submit(ProcessPoolTest::pid).get()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void exceptionKeepsRemoteTypeMessageStackAndCause() {
        var future = shared.submit(ProcessPoolTest::failWithCause);

        var thrown = catchCause(future);
        assertThat(thrown).isInstanceOf(RemoteTaskException.class)
                .hasMessage("java.lang.IllegalStateException: task failed");
        var remote = (RemoteTaskException) thrown;
        assertThat(remote.remoteType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(remote.remoteMessage()).isEqualTo("task failed");
        assertThat(remote.getStackTrace()[0].getMethodName()).isEqualTo("failWithCause");
        var cause = (RemoteTaskException) remote.getCause();
        assertThat(cause.remoteType()).isEqualTo("java.io.IOException");
        assertThat(cause.remoteMessage()).isEqualTo("disk on fire");
        assertThat(cause.getStackTrace()).isNotEmpty();
    }

    @Test
    void unserializableResultFailsTheFutureNotTheWorker() throws Exception {
        var thrown = catchCause(shared.submit(() -> new Object()));
        assertThat(((RemoteTaskException) thrown).remoteType()).isEqualTo("java.io.NotSerializableException");
        assertThat(shared.submit(ProcessPoolTest::answer).get()).isEqualTo(42);
    }

    @Test
    void unserializableTaskFailsAtSubmitSayingSo() {
        var notSerializable = new Object();
        assertThatThrownBy(() -> shared.submit(() -> notSerializable.hashCode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not serializable")
                .hasMessageContaining("java.lang.Object")
                .hasCauseInstanceOf(NotSerializableException.class);
    }

    @Test
    void mapReturnsResultsInInputOrder() throws Exception {
        var inputs = IntStream.range(0, 50).boxed().toList();
        var squares = shared.map((Integer x) -> x * x, inputs).get();
        assertThat(squares).isEqualTo(inputs.stream().map(x -> x * x).toList());
    }

    @Test
    void mapFailsWithTheFirstFailure() {
        var future = shared.map((Integer x) -> 10 / x, List.of(1, 0, 2));
        assertThat(((RemoteTaskException) catchCause(future)).remoteType()).isEqualTo("java.lang.ArithmeticException");
    }

    @Test
    void submitAfterShutdownIsRejected() throws Exception {
        var pool = ProcessPool.create(1);
        pool.shutdown();
        assertThatThrownBy(() -> pool.submit(ProcessPoolTest::answer))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("shut down");
        assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void shutdownLetsQueuedTasksFinish() throws Exception {
        var pool = ProcessPool.create(1);
        var futures = IntStream.range(0, 5).mapToObj(i -> pool.submit(() -> i)).toList();
        pool.shutdown();
        assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(futures.stream().map(CompletableFuture::join).toList()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void systemExitFailsOnlyItsOwnTaskAndTheWorkerIsReplaced() throws Exception {
        try (var pool = ProcessPool.builder().size(2).name("exit-test").build()) {
            var slow = pool.submit(() -> {
                Thread.sleep(300);
                return "slow done";
            });
            var exiting = pool.submit(() -> {
                System.exit(3);
                return "unreachable";
            });

            assertThat(catchCause(exiting)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exit-test")
                    .hasMessageContaining("exited with status 3 while running this task");
            assertThat(slow.get()).isEqualTo("slow done");
            var after = IntStream.range(0, 10).mapToObj(i -> pool.submit(ProcessPoolTest::pid)).toList();
            assertThat(after.stream().map(CompletableFuture::join).toList())
                    .hasSize(10)
                    .allMatch(pid -> !Processes.isGone(pid));
        }
    }

    @Test
    void workerKilledBySignalNamesTheSignal() throws Exception {
        try (var pool = ProcessPool.create(1)) {
            var killed = pool.submit(() -> {
                var self = Long.toString(ProcessHandle.current().pid());
                new ProcessBuilder("kill", "-9", self).start().waitFor();
                return "unreachable";
            });
            assertThat(catchCause(killed)).hasMessageContaining("killed by signal 9 (SIGKILL)");
            assertThat(pool.submit(ProcessPoolTest::answer).get()).isEqualTo(42);
        }
    }

    @Test
    void closeWithAnEndlessTaskReturnsWithinItsDeadline() throws Exception {
        var pool = ProcessPool.builder().size(1).shutdownDeadline(Duration.ofSeconds(1)).build();
        long workerPid = pool.submit(ProcessPoolTest::pid).get();
        var endless = pool.submit(() -> {
            while (true) {
                Thread.onSpinWait();
            }
        });

        long start = System.nanoTime();
        pool.close();
        var took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofMillis(2_000));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(pool.isTerminated()).isTrue();
        assertThat(endless).isCancelled();
        assertThat(Processes.isGone(workerPid)).isTrue();
    }

    @Test
    void shutdownNowCancelsQueuedAndRunningTasks() throws Exception {
        var pool = ProcessPool.create(1);
        var running = pool.submit(() -> {
            Thread.sleep(60_000);
            return 1;
        });
        var queued = pool.submit(ProcessPoolTest::answer);
        pool.shutdownNow();
        assertThat(pool.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(running).isCancelled();
        assertThat(queued).isCancelled();
        assertThatThrownBy(queued::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void maxTasksPerChildReplacesWorkers() throws Exception {
        try (var pool = ProcessPool.builder().size(2).maxTasksPerChild(3).build()) {
            var pids = new ArrayList<CompletableFuture<Long>>();
            for (int i = 0; i < 30; i++) {
                pids.add(pool.submit(ProcessPoolTest::pid));
            }
            var distinct = new HashSet<Long>();
            pids.forEach(f -> distinct.add(f.join()));
            assertThat(distinct).hasSizeGreaterThanOrEqualTo(10);
            assertThat(Processes.await(Duration.ofSeconds(10),
                    () -> distinct.stream().filter(p -> !Processes.isGone(p)).count() <= 2))
                    .as("retired workers exit; only the current two remain")
                    .isTrue();
        }
    }

    @Test
    void tenThousandSmallTasksGrowNeitherProcessesNorThreads() throws Exception {
        try (var pool = ProcessPool.builder().size(2).name("many").build()) {
            pool.map((Integer x) -> x + 1, IntStream.range(0, 200).boxed().toList()).get();
            int threadsBefore = Thread.getAllStackTraces().size();
            var childrenBefore = Processes.childrenOfThisJvm();

            var results = pool.map((Integer x) -> x + 1, IntStream.range(0, 10_000).boxed().toList()).get();

            assertThat(results).hasSize(10_000).endsWith(10_000);
            assertThat(Processes.childrenOfThisJvm()).containsExactlyInAnyOrderElementsOf(childrenBefore);
            assertThat(Thread.getAllStackTraces().size()).isLessThanOrEqualTo(threadsBefore);
        }
    }

    @Test
    void ownerKilledWithSigkillLeavesNoProcessBehind() throws Exception {
        var owner = new ProcessBuilder(Processes.java(), "-cp", System.getProperty("java.class.path"),
                ProcessPoolOwnerMain.class.getName(), "busy")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var lines = new BufferedReader(new InputStreamReader(owner.getInputStream()))) {
            var line = lines.readLine();
            assertThat(line).startsWith("PIDS ");
            var pids = Arrays.stream(line.substring(5).split(" ")).map(Long::parseLong).toList();
            assertThat(pids).hasSize(4); // two workers, each with a `sleep` it started

            owner.destroyForcibly(); // SIGKILL: no hook, no finally, nothing runs in the owner
            assertThat(owner.waitFor(5, TimeUnit.SECONDS)).isTrue();

            assertThat(Processes.await(Duration.ofSeconds(2), () -> Processes.allGone(pids)))
                    .as("workers and their children gone within 2 s of the owner's SIGKILL: %s", pids)
                    .isTrue();
        } finally {
            owner.destroyForcibly();
        }
    }

    @Test
    void ownerJvmExitsWithAPoolLeftOpen() throws Exception {
        var owner = new ProcessBuilder(Processes.java(), "-cp", System.getProperty("java.class.path"),
                ProcessPoolOwnerMain.class.getName(), "exit")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (var lines = new BufferedReader(new InputStreamReader(owner.getInputStream()))) {
            var line = lines.readLine();
            assertThat(line).startsWith("RESULT ");
            long workerPid = Long.parseLong(line.substring(7));
            assertThat(owner.waitFor(10, TimeUnit.SECONDS)).as("owner exits by itself").isTrue();
            assertThat(owner.exitValue()).isZero();
            assertThat(Processes.await(Duration.ofSeconds(2), () -> Processes.isGone(workerPid))).isTrue();
        } finally {
            owner.destroyForcibly();
        }
    }

    private static Throwable catchCause(CompletableFuture<?> future) {
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected the task to fail, got " + e, e);
        }
        throw new AssertionError("expected the task to fail, but it succeeded");
    }
}
