package dev.javicorn.internal.pool;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedTransferQueue;

/**
 * Entry point of a worker process. The main thread does nothing but read task frames from stdin,
 * so that it sees end-of-file the moment the owner goes away, even while a task spins in a loop;
 * it then kills this process's descendants and halts. A second thread runs the tasks one at a
 * time and writes each reply to the original stdout, which no task can reach: {@code System.out}
 * is pointed at stderr and {@code System.in} at an empty stream.
 */
public final class ChildMain {
    private ChildMain() {}

    public static void main(String[] args) {
        var protocolOut = new DataOutputStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        var taskIn = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        // A transfer queue spins briefly before parking, which saves a wake-up per task when busy.
        BlockingQueue<byte[]> tasks = new LinkedTransferQueue<>();
        try {
            protocolOut.writeInt(Frames.MAGIC);
            protocolOut.flush();
            boolean standby = args.length > 0 && args[0].equals(ChildCommand.STANDBY);
            var runner = new Thread(() -> {
                if (standby) {
                    RoundTrip.warmUp();
                }
                runTasks(tasks, protocolOut);
            }, "javicorn-pool-task");
            runner.start();
            while (true) {
                tasks.put(Frames.readTask(taskIn));
            }
        } catch (Throwable ownerGoneOrBroken) {
            exitNow();
        }
    }

    private static void runTasks(BlockingQueue<byte[]> tasks, DataOutputStream protocolOut) {
        var loader = ClassLoader.getSystemClassLoader();
        try {
            while (true) {
                byte[] frame = tasks.take();
                byte status;
                byte[] reply;
                try {
                    var task = (Callable<?>) Frames.deserialize(frame, loader);
                    reply = Frames.serialize(task.call());
                    status = Frames.OK;
                } catch (Throwable failed) {
                    reply = Frames.serialize(Failures.toRemote(failed));
                    status = Frames.FAILED;
                }
                Frames.writeReply(protocolOut, status, reply);
            }
        } catch (IOException | InterruptedException | RuntimeException | Error ownerGone) {
            exitNow();
        }
    }

    /** Halts rather than exits: shutdown hooks of the app's code could block, and nobody waits. */
    private static void exitNow() {
        try {
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        } finally {
            Runtime.getRuntime().halt(0);
        }
    }
}
