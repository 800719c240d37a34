package dev.javicorn.adopt;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which bind is adopted, and what the agent rewrites in this JDK's classes, without a process. */
class AdoptionChoiceTest {
    @Test
    void theFirstStreamListenerIsAdoptedUnlessAPortIsNamed() {
        assertThat(Adoption.chooses(true, false, 8080, 0)).isTrue();
        assertThat(Adoption.chooses(true, true, 9090, 0)).as("a second listener").isFalse();
        assertThat(Adoption.chooses(false, false, 8080, 0)).as("a datagram socket").isFalse();
        assertThat(Adoption.chooses(true, false, 8080, 9090)).as("not on --adopt-port").isFalse();
        assertThat(Adoption.chooses(true, false, 9090, 9090)).isTrue();
    }

    @Test
    void serverSocketCallsGoThroughTheHookAndClientSocketsAreLeftAlone() throws IOException {
        List<String> socketImpl = calls(Rewrites.rewrite(jdkClass("sun/nio/ch/NioSocketImpl")));
        assertThat(socketImpl).contains("JavicornAdoption.bind", "JavicornAdoption.listen", "JavicornAdoption.accept")
                .doesNotContain("Net.bind", "Net.listen", "Net.accept");
        List<String> channel = calls(Rewrites.rewrite(jdkClass("sun/nio/ch/ServerSocketChannelImpl")));
        assertThat(channel).contains("JavicornAdoption.bind", "JavicornAdoption.listen", "JavicornAdoption.accept")
                .doesNotContain("Net.bind", "Net.listen", "Net.accept");
        assertThat(calls(Rewrites.rewrite(jdkClass("sun/nio/ch/EPollSelectorImpl"))))
                .contains("JavicornAdoption.ctl").doesNotContain("EPoll.ctl");
        for (String client : List.of("sun/nio/ch/SocketChannelImpl", "sun/nio/ch/DatagramChannelImpl")) {
            assertThat(new Rewrites().transform(null, null, client, null, null, jdkClass(client))).as(client).isNull();
        }
    }

    @Test
    void theHookClassVerifies() {
        assertThat(ClassFile.of().verify(HookClass.bytes())).isEmpty();
    }

    private static byte[] jdkClass(String name) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            return in.readAllBytes();
        }
    }

    /** {@code Owner.method} of every static call in the class. */
    private static List<String> calls(byte[] bytes) {
        return ClassFile.of().parse(bytes).methods().stream()
                .flatMap(m -> m.code().stream()).flatMap(code -> code.elementStream())
                .filter(e -> e instanceof InvokeInstruction)
                .map(e -> (InvokeInstruction) e)
                .map(call -> call.owner().asSymbol().displayName() + "." + call.name().stringValue())
                .toList();
    }
}
