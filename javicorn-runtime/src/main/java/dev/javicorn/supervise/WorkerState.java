package dev.javicorn.supervise;

/**
 * Where a worker is in its life. The control loop moves it:
 *
 * <pre>
 * Starting --READY--> Ready --stop--> Draining --deadline--> Diagnosing --dump or deadline--> Killed
 *     \                  \                \                      \                             |
 *      `-----------------'----------------'----------------------'--- reaped ---> Exited <-----'
 * </pre>
 *
 * Every state but Ready and Exited has a deadline, so no worker can hold the loop up for longer
 * than the sum of them.
 */
sealed interface WorkerState {
    record Starting(long deadline) implements WorkerState {}

    record Ready(long since) implements WorkerState {}

    /** Asked to stop; may drain and run shutdown hooks until the deadline. */
    record Draining(long deadline) implements WorkerState {}

    /** Past its deadline; asked for its thread stacks, which it has until this deadline to send. */
    record Diagnosing(long deadline) implements WorkerState {}

    /** SIGKILLed with its whole session; waiting to be reaped. */
    record Killed(long deadline) implements WorkerState {}

    record Exited(int status) implements WorkerState {}
}
