package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatcherTest {
    @TempDir
    Path root;

    private final Collector changes = new Collector();
    private Watcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void reportsKindInotifyAndTheRealRoot() throws Exception {
        watch();
        assertThat(watcher.kind()).isEqualTo("inotify");
        assertThat(watcher.roots()).containsExactly(root.toRealPath());
    }

    @Test
    void editedFileIsReportedRelativeToItsRoot() throws Exception {
        Path api = write("src/main/java/Api.java");
        watch();
        Files.writeString(api, "class Api { int v = 2; }");
        ChangeSet set = changes.next();
        assertThat(set.changes()).extracting(Change::relative).containsExactly(Path.of("src/main/java/Api.java"));
        assertThat(set.describe(3)).isEqualTo("'src/main/java/Api.java'");
    }

    @Test
    void excludedDirectoryAtAnyDepthIsNotReportedNorWatched() throws Exception {
        Path deepTarget = Files.createDirectories(root.resolve("module/sub/target/classes"));
        Files.createDirectories(root.resolve(".git/objects"));
        Files.createDirectories(root.resolve("web/node_modules/lib"));
        watch();
        write("module/sub/target/classes/Gen.java");
        write("module/sub/target/New.java");
        write(".git/objects/x.json");
        write("web/node_modules/lib/index.js");
        Files.createDirectories(root.resolve("src/build/deeper"));
        write("src/build/deeper/Out.java");
        Path marker = write("Marker.java");
        List<ChangeSet> sets = changes.until(Set.of(marker));
        assertThat(sets).flatExtracting(ChangeSet::paths).containsOnly(marker);
        assertThat(Files.exists(deepTarget)).isTrue();
    }

    @Test
    void customExcludedDirectoryIsSkippedAndCustomIncludeReported() throws Exception {
        Files.createDirectories(root.resolve("a/generated"));
        watcher = Watcher.start(List.of(root), PathFilter.withGlobs(List.of("*.sql"), List.of("generated")),
                Watcher.DEFAULT_QUIET_PERIOD, changes);
        write("a/generated/Dto.java");
        Path sql = write("db/V1__init.sql");
        assertThat(changes.until(Set.of(sql))).flatExtracting(ChangeSet::paths).containsOnly(sql);
    }

    @Test
    void newSubfolderThenFileInItIsReported() throws Exception {
        watch();
        Files.createDirectories(root.resolve("src/pkg/deep/er"));
        Path early = write("src/pkg/deep/er/Early.java");
        changes.until(Set.of(early));
        Path later = write("src/pkg/deep/Later.java");
        assertThat(changes.until(Set.of(later))).flatExtracting(ChangeSet::paths).containsOnly(later);
    }

    @Test
    void directoryMovedInIsScannedAndWatched() throws Exception {
        Path outside = Files.createTempDirectory("javicorn-outside");
        Path moved = Files.createDirectories(outside.resolve("pkg/sub"));
        Files.writeString(moved.resolve("Moved.java"), "class Moved {}");
        watch();
        Files.move(outside.resolve("pkg"), root.resolve("pkg"));
        Path inside = root.toRealPath().resolve("pkg/sub/Moved.java");
        changes.until(Set.of(inside));
        Files.writeString(inside, "class Moved { }");
        changes.until(Set.of(inside));
        Files.delete(outside);
    }

    @Test
    void deletedFolderIsReportedWithoutErrorAndWatchingGoesOn() throws Exception {
        Path pkg = root.toRealPath().resolve("src/pkg");
        write("src/pkg/sub/A.java");
        write("src/pkg/B.java");
        watch();
        deleteTree(pkg);
        changes.until(seen -> seen.contains(pkg) || seen.contains(pkg.resolve("B.java")));
        Path after = write("src/C.java");
        changes.until(Set.of(after));
        assertThat(watcher.isOpen()).isTrue();
    }

    @Test
    void folderRecreatedAfterDeletionIsWatchedAgain() throws Exception {
        write("src/pkg/A.java");
        watch();
        deleteTree(root.resolve("src/pkg"));
        Files.createDirectories(root.resolve("src/pkg"));
        Path again = write("src/pkg/A.java");
        changes.until(Set.of(again));
        Files.writeString(again, "class A { int x; }");
        assertThat(changes.until(Set.of(again))).flatExtracting(ChangeSet::paths).contains(again);
    }

    private void watch() throws IOException {
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD, changes);
    }

    private Path write(String relative) throws IOException {
        Path file = root.toRealPath().resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "// " + relative);
        return file;
    }

    static void deleteTree(Path top) throws IOException {
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
