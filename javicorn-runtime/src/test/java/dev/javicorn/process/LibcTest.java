package dev.javicorn.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

class LibcTest {
    @Test
    void aSocketIsNoTerminal() {
        SocketPair pair = SocketPair.open();
        try {
            assertThat(Libc.isTerminal(pair.ours())).isFalse();
        } finally {
            pair.closeOurs();
            pair.closeTheirs();
        }
    }

    @Test
    void aClosedDescriptorIsNoTerminal() {
        SocketPair pair = SocketPair.open();
        int fd = pair.ours();
        pair.closeOurs();
        pair.closeTheirs();
        assertThat(Libc.isTerminal(fd)).isFalse();
    }

    /** The test JVM's own standard input, when it is a terminal (a run from a shell): isatty agrees with /proc. */
    @Test
    @EnabledIf("stdinIsAPseudoTerminal")
    void aPseudoTerminalIsATerminal() {
        assertThat(Libc.isTerminal(0)).isTrue();
    }

    static boolean stdinIsAPseudoTerminal() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString().startsWith("/dev/pts/");
    }
}
