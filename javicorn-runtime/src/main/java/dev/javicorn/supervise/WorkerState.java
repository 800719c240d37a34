package dev.javicorn.supervise;

/**
 * Where a worker is in its life. The control loop moves it:
 *
 * <pre>
 * Standby --GO--> Starting --READY--> Ready --stop--> Draining --deadline--> Killed
 *                       \                  \                \                      |
 *                        `-----------------'----------------'--- reaped ---> Exited <'
 * </pre>
 *
 * A worker in Standby is a spare: a JVM started and warmed up ahead of the next reload, waiting
 * for GO to load the app. It serves nothing and counts for nothing until then.
 *
 * Shortly before a draining worker's deadline it is asked for its thread stacks, so that if it
 * has to be killed the log can say what kept it alive.
 *
 * Every state but Ready and Exited has a deadline, so no worker can hold the loop up for longer
 * than the sum of them.
 */
sealed interface WorkerState {
    record Standby() implements WorkerState {}

    /** Loading the app since {@code since}; not ready by the deadline, it is stopped as failed. */
    record Starting(long since, long deadline) implements WorkerState {}

    record Ready(long since) implements WorkerState {}

    /** Asked to stop at {@code since}; may drain and run shutdown hooks until the deadline. */
    record Draining(long since, long deadline) implements WorkerState {}

    /** SIGKILLed with its whole session; waiting to be reaped. */
    record Killed(long deadline) implements WorkerState {}

    record Exited(int status) implements WorkerState {}
}
