package dev.javicorn.process;

import dev.javicorn.testing.DatagramReceiver;
import dev.javicorn.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Libc#sendDatagram}, the one call sd_notify needs, to a path and to an abstract name. */
class SendDatagramTest {
    @TempDir
    Path tmp;

    @Test
    void reachesASocketByPathAndByAbstractName() {
        for (String address : List.of(tmp.resolve("notify").toString(), "@javicorn-test-" + ProcessHandle.current().pid())) {
            try (DatagramReceiver receiver = DatagramReceiver.bind(address)) {
                Libc.sendDatagram(address, "READY=1\nSTATUS=one".getBytes(StandardCharsets.UTF_8));
                Libc.sendDatagram(address, "STOPPING=1".getBytes(StandardCharsets.UTF_8));
                Wait.until(() -> receiver.messages().size() == 2, Duration.ofSeconds(5), receiver::toString);
                assertThat(receiver.messages()).containsExactly("READY=1\nSTATUS=one", "STOPPING=1");
            }
        }
    }

    @Test
    void aSocketNoOneListensOnIsAFailureNotAWait() {
        assertThatThrownBy(() -> Libc.sendDatagram(tmp.resolve("nobody").toString(), new byte[] {'x'}))
                .isInstanceOf(Libc.NativeException.class).hasMessageContaining("No such file");
    }
}
