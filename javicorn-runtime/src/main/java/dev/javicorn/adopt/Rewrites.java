package dev.javicorn.adopt;

import dev.javicorn.log.Log;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;

import static java.lang.constant.ConstantDescs.CD_boolean;

/**
 * Points the JDK's server-socket call sites at {@link HookClass} as the classes load.
 *
 * <p>Call sites, not the methods they call: {@code Net.listen}, {@code Net.accept} and
 * {@code EPoll.ctl} are native, and {@code Net.bind} is also how client and datagram sockets
 * bind, which must bind as usual. Only these classes are rewritten:
 * <ul>
 *   <li>{@code ServerSocketChannelImpl} (NIO servers: JDK HttpServer, Tomcat, Netty NIO, Jetty, XNIO),
 *       {@code NioSocketImpl} ({@code java.net.ServerSocket}, whose {@code server} field tells its
 *       binds from a client socket's) and the asynchronous server channel: bind, listen, accept;
 *   <li>{@code EPollSelectorImpl}, {@code EPollPoller} (the poller of virtual threads) and
 *       {@code EPollPort} (asynchronous channel groups): {@code EPoll.ctl}, where a server
 *       socket is handed to an event loop.
 * </ul>
 * The calls keep their descriptors, so each rewrite swaps one instruction, except the
 * three-argument bind, which first pushes whether the socket is a server's.
 */
final class Rewrites implements ClassFileTransformer {
    static final Set<String> CLASSES = Set.of(
            "sun/nio/ch/ServerSocketChannelImpl", "sun/nio/ch/NioSocketImpl",
            "sun/nio/ch/AsynchronousServerSocketChannelImpl", "sun/nio/ch/UnixAsynchronousServerSocketChannelImpl",
            "sun/nio/ch/EPollSelectorImpl", "sun/nio/ch/EPollPoller", "sun/nio/ch/EPollPort");
    private static final String SOCKET_IMPL = "sun/nio/ch/NioSocketImpl";

    /** Called by the JVM as a class loads; a failure is logged, and the class loads unchanged. */
    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (loader != null || !CLASSES.contains(name)) {
            return null;
        }
        try {
            return rewrite(bytes);
        } catch (RuntimeException | LinkageError e) {
            Log.warning("Cannot adopt the app's server socket: rewriting " + name + " failed: " + e);
            return null;
        }
    }

    /** {@code bytes}, one of {@link #CLASSES}, with its calls pointed at the hook. */
    static byte[] rewrite(byte[] bytes) {
        ClassFile files = ClassFile.of();
        ClassModel model = files.parse(bytes);
        ClassDesc self = model.thisClass().asSymbol();
        boolean socketImpl = model.thisClass().asInternalName().equals(SOCKET_IMPL);
        return files.transformClass(model, ClassTransform.transformingMethodBodies(
                (code, element) -> rewrite(code, element, self, socketImpl)));
    }

    private static void rewrite(CodeBuilder code, CodeElement element, ClassDesc self, boolean socketImpl) {
        if (!(element instanceof InvokeInstruction call) || call.opcode() != Opcode.INVOKESTATIC) {
            code.with(element);
            return;
        }
        ClassDesc owner = call.owner().asSymbol();
        String name = call.name().stringValue();
        var type = call.typeSymbol();
        if (owner.equals(HookClass.NET) && name.equals("bind") && type.equals(HookClass.BIND)) {
            if (socketImpl) {
                code.aload(0).getfield(self, "server", CD_boolean);
            } else {
                code.iconst_1();
            }
            code.invokestatic(HookClass.HOOK, "bind", HookClass.BIND_IF_SERVER);
        } else if (owner.equals(HookClass.NET) && (name.equals("bind") && type.equals(HookClass.BIND_FAMILY)
                || name.equals("listen") && type.equals(HookClass.LISTEN)
                || name.equals("accept") && type.equals(HookClass.ACCEPT))
                || owner.equals(HookClass.EPOLL) && name.equals("ctl") && type.equals(HookClass.CTL)) {
            code.invokestatic(HookClass.HOOK, name, type);
        } else {
            code.with(element);
        }
    }
}
