package dev.javicorn.supervise;

import dev.javicorn.process.Control;
import dev.javicorn.process.ProcessTree;

import java.util.List;

/**
 * The operating-system side of one worker, behind an interface so the control loop's logic can be
 * exercised with a fake process. Methods are called from the control loop only.
 */
interface WorkerProcess {
    long pid();

    /** Sends a control message; false if the worker is gone. */
    boolean send(Control.ToWorker message);

    /** SIGKILLs the worker's process group and every process left in its session; returns how many were alive. */
    int killSession();

    /** The live processes in the worker's session other than the worker itself. */
    List<ProcessTree.Proc> children();

    /** The TCP addresses the worker's session listens on ({@code host:port}), to say what a slow start is doing. */
    List<String> listening();

    /** Starts worker processes; the listener is called from the new worker's own threads. */
    interface Launcher {
        /** @throws RuntimeException when the process cannot be started */
        WorkerProcess launch(Listener listener);
    }

    /** Receives what a worker's reader and reaper threads see. Must only queue, never block. */
    interface Listener {
        void message(Control.ToSupervisor message);

        void exited(int waitStatus);
    }
}
