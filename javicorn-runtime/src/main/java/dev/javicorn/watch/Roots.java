package dev.javicorn.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Validation and normalization of the directories given to a watcher. */
final class Roots {
    private Roots() {}

    /**
     * The roots made absolute and real, without duplicates and without any root that lies inside
     * another (its tree is watched already, and two watches on one directory would report one change
     * twice), in the order given.
     *
     * @throws IllegalArgumentException if {@code roots} is empty
     * @throws NoSuchFileException if a root does not exist
     * @throws NotDirectoryException if a root is not a directory
     */
    static List<Path> normalize(List<Path> roots) throws IOException {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no directory to watch");
        }
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            Path path = root.toAbsolutePath().normalize();
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "--reload-dir does not exist");
            }
            if (!Files.isDirectory(path)) {
                throw new NotDirectoryException(path.toString());
            }
            real.add(path.toRealPath());
        }
        List<Path> byLength = new ArrayList<>(real);
        byLength.sort(Comparator.comparingInt(Path::getNameCount));
        List<Path> kept = new ArrayList<>();
        for (Path candidate : byLength) {
            if (kept.stream().noneMatch(candidate::startsWith)) {
                kept.add(candidate);
            }
        }
        return real.stream().filter(kept::contains).distinct().toList();
    }
}
