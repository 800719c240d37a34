package dev.javicorn.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The reason for an I/O failure a user can cause, as the end of one log line, e.g.
 * {@code /app/target is a file, not a folder}. The JDK's own messages name the path but not
 * always the culprit: creating {@code target/javicorn} under a file {@code target} fails with
 * {@code target/javicorn: Not a directory}, so a path that cannot be a folder is traced up to the
 * file standing in its way.
 */
final class IoFailure {
    private IoFailure() {}

    /** One line naming the path at fault and what is wrong with it; never a stack trace. */
    static String describe(IOException e) {
        if (!(e instanceof FileSystemException failure) || failure.getFile() == null) {
            String message = e.getMessage();
            return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
        }
        Path file = Path.of(failure.getFile());
        String reason = failure.getReason();
        if (failure instanceof FileAlreadyExistsException || failure instanceof NotDirectoryException
                || "Not a directory".equals(reason)) {
            Path inTheWay = fileInTheWay(file);
            if (inTheWay != null) {
                return inTheWay + (Files.isRegularFile(inTheWay, LinkOption.NOFOLLOW_LINKS) ? " is a file" : " is") + ", not a folder";
            }
        }
        return switch (failure) {
            case DirectoryNotEmptyException x -> file + " is a folder, and not empty";
            case FileAlreadyExistsException x -> file + " already exists";
            case NoSuchFileException x -> file + " does not exist";
            case AccessDeniedException x -> file + ": permission denied";
            default -> file + ": " + (reason != null ? reason : failure.getClass().getSimpleName());
        };
    }

    /** {@code path} or its nearest existing ancestor, if that is not a folder; else null. */
    private static Path fileInTheWay(Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }
}
