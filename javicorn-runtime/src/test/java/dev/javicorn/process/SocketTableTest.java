package dev.javicorn.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

class SocketTableTest {
    @Test
    void theKernelsHexAddressesReadAsHostAndPort() throws IOException {
        assertThat(SocketTable.address("0100007F:1F90")).isEqualTo("127.0.0.1:8080");
        assertThat(SocketTable.address("00000000:0050")).isEqualTo("0.0.0.0:80");
        assertThat(SocketTable.address("00000000000000000000000001000000:1F90")).isEqualTo("[0:0:0:0:0:0:0:1]:8080");
    }

    @Test
    void aSocketThisProcessListensOnIsFoundInItsSession() throws IOException {
        long sid = ProcessTree.read(ProcessHandle.current().pid()).sid();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(SocketTable.listeningInSession(sid)).contains("127.0.0.1:" + socket.getLocalPort());
        }
    }
}
