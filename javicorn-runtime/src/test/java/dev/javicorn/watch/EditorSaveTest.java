package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each way editors save a file is reported as exactly one change: the file the user edited. */
class EditorSaveTest {

    enum SaveStyle {
        /** Open without truncating and overwrite the bytes (some IDEs, {@code sed -i}-less tools). */
        IN_PLACE_WRITE {
            @Override
            void save(Path target, String text) throws IOException {
                try (FileChannel channel = FileChannel.open(target, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                }
            }
        },
        /** Truncate, then write (VS Code, nano, vim with {@code backupcopy=yes}). */
        TRUNCATE_THEN_WRITE {
            @Override
            void save(Path target, String text) throws IOException {
                Files.writeString(target, text, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            }
        },
        /** Write a temporary file, then rename it over the target (IntelliJ, gedit, Emacs, Sublime). */
        WRITE_TEMP_THEN_RENAME {
            @Override
            void save(Path target, String text) throws IOException {
                Path temp = target.resolveSibling(target.getFileName() + ".tmp");
                Files.writeString(temp, text);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        },
        /** Vim's default: move the original to a backup, write a new file, drop the backup. */
        BACKUP_RENAME_THEN_WRITE {
            @Override
            void save(Path target, String text) throws IOException {
                Path probe = target.resolveSibling("4913");
                Files.writeString(probe, "");
                Files.delete(probe);
                Path backup = target.resolveSibling(target.getFileName() + "~");
                Files.move(target, backup, StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(target, text);
                Files.delete(backup);
            }
        },
        /** Delete, then create anew. */
        DELETE_THEN_CREATE {
            @Override
            void save(Path target, String text) throws IOException {
                Files.delete(target);
                Files.writeString(target, text);
            }
        };

        abstract void save(Path target, String text) throws IOException;
    }

    @TempDir
    Path root;

    private Watcher watcher;

    @AfterEach
    void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SaveStyle.class)
    void saveIsReportedExactlyAsTheTargetFile(SaveStyle style) throws Exception {
        Path target = root.toRealPath().resolve("src/main/java/com/example/Api.java");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "class Api { String hello() { return \"one\"; } }");
        Collector changes = new Collector();
        watcher = Watcher.start(List.of(root), PathFilter.defaults(), Watcher.DEFAULT_QUIET_PERIOD, changes);

        style.save(target, "class Api { String hello() { return \"two\"; } }");

        List<ChangeSet> sets = changes.until(Set.of(target));
        assertThat(sets).hasSize(1);
        assertThat(sets.getFirst().paths()).containsExactly(target);
        assertThat(sets.getFirst().changes().getFirst().kind()).isNotEqualTo(Change.Kind.DELETED);
    }
}
