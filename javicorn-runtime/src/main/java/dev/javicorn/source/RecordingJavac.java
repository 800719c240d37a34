package dev.javicorn.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The "javac" Maven's compiler plugin forks while javicorn reads a build: a shell script that
 * keeps the plugin's argument file, with the folder it ran in, under {@code $JAVICORN_JAVAC_ARGS},
 * and compiles nothing. Asked for its version, it answers as the real javac of the JDK running
 * javicorn (the plugin asks, to choose its options).
 */
final class RecordingJavac {
    /** The environment variable naming the folder that receives the argument files. */
    static final String ENV = "JAVICORN_JAVAC_ARGS";
    private static final String SCRIPT = """
            #!/bin/sh
            # javicorn: keeps how Maven's compiler plugin calls javac, and compiles nothing.
            for a in "$@"; do
              case "$a" in -version|--version|-fullversion) exec "$JAVA_HOME/bin/javac" "$a";; esac
            done
            kept="$JAVICORN_JAVAC_ARGS/$(date +%s%N)-$$"
            found=
            for a in "$@"; do
              case "$a" in @*) cp "${a#@}" "$kept.args"; found=1;; esac
            done
            [ -n "$found" ] || for a in "$@"; do printf '%s\\n' "$a"; done > "$kept.args"
            pwd > "$kept.dir"
            """;

    private RecordingJavac() {}

    /** The script, written into javicorn's cache folder when it is missing or differs. */
    static Path script() throws IOException {
        Path script = SourceLayout.cacheRoot().resolve("maven/javac-recorder");
        if (Files.isRegularFile(script) && Files.readString(script, StandardCharsets.UTF_8).equals(SCRIPT)
                && Files.isExecutable(script)) {
            return script;
        }
        Files.createDirectories(script.getParent());
        Path temp = Files.createTempFile(script.getParent(), "javac-recorder", ".tmp");
        Files.writeString(temp, SCRIPT, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(temp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return script;
    }
}
