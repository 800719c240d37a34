package dev.javicorn.source;

/**
 * A build stopped because its thread was interrupted: the supervisor cancelled it for a stop or
 * for a newer change. Not a failure of the app: the caller drops the build without a word, where
 * a plain {@link AppBuild.BuildException} is an error to show.
 *
 * <p>A subtype of {@code BuildException} so that it travels through the same {@code throws}
 * clauses, from a Maven run up to {@link AppBuild#build()}; a caller that cancels builds catches
 * it before {@code BuildException}. Whoever throws it leaves the thread's interrupt status set,
 * and has already ended what the build had started (a Maven run and its whole process tree).
 */
public final class BuildCancelledException extends AppBuild.BuildException {
    BuildCancelledException(String step) {
        super("build cancelled " + step);
    }

    /**
     * Throws if the current thread was interrupted, keeping its interrupt status.
     *
     * @param step where the build stood, for the message, e.g. {@code "before compiling"}
     */
    static void throwIfInterrupted(String step) throws BuildCancelledException {
        if (Thread.currentThread().isInterrupted()) {
            throw new BuildCancelledException(step);
        }
    }
}
