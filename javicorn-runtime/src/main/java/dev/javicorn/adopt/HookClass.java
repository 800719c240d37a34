package dev.javicorn.adopt;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

/**
 * The class {@code sun.nio.ch.JavicornAdoption}, made here and defined in {@code java.base}.
 *
 * <p>The JDK's socket classes are loaded by the boot loader, which cannot see javicorn's classes, so
 * their rewritten call sites ({@link Rewrites}) call this class instead: it lives in their package,
 * may call the package-private {@code Net} and {@code EPoll} methods it stands in for, and reaches
 * javicorn through three fields of JDK functional types that {@link Agent} sets before any app code
 * runs. Each method has the descriptor of the call it replaces, so a rewrite swaps one instruction:
 * <ul>
 *   <li>{@code bind}: {@code BIND.test(fd, address)} true means adopted, and the real bind is skipped;
 *       the variant with a trailing {@code boolean} binds as usual when it is false (a client socket);
 *   <li>{@code listen}: {@code LISTEN.test(fd)} true means the shared socket, which already listens;
 *   <li>{@code accept} and {@code ctl}: report the descriptor to {@code ACCEPTS} first (for {@code ctl}
 *       unless it removes the descriptor from the epoll set), then do the call.
 * </ul>
 */
final class HookClass {
    static final ClassDesc HOOK = ClassDesc.of("sun.nio.ch.JavicornAdoption");
    static final ClassDesc NET = ClassDesc.of("sun.nio.ch.Net");
    static final ClassDesc EPOLL = ClassDesc.of("sun.nio.ch.EPoll");
    private static final ClassDesc IO_UTIL = ClassDesc.of("sun.nio.ch.IOUtil");
    private static final ClassDesc FD = ClassDesc.of("java.io.FileDescriptor");
    private static final ClassDesc INET = ClassDesc.of("java.net.InetAddress");
    private static final ClassDesc SOCKET_ADDRESS = ClassDesc.of("java.net.InetSocketAddress");
    private static final ClassDesc FAMILY = ClassDesc.of("java.net.ProtocolFamily");
    static final ClassDesc BI_PREDICATE = ClassDesc.of("java.util.function.BiPredicate");
    static final ClassDesc PREDICATE = ClassDesc.of("java.util.function.Predicate");
    static final ClassDesc INT_CONSUMER = ClassDesc.of("java.util.function.IntConsumer");

    /** {@code Net.bind(ProtocolFamily, FileDescriptor, InetAddress, int)}: server channels bind through it. */
    static final MethodTypeDesc BIND_FAMILY = MethodTypeDesc.of(CD_void, FAMILY, FD, INET, CD_int);
    /** {@code Net.bind(FileDescriptor, InetAddress, int)}: {@code java.net} sockets and asynchronous channels. */
    static final MethodTypeDesc BIND = MethodTypeDesc.of(CD_void, FD, INET, CD_int);
    static final MethodTypeDesc BIND_IF_SERVER = MethodTypeDesc.of(CD_void, FD, INET, CD_int, CD_boolean);
    static final MethodTypeDesc LISTEN = MethodTypeDesc.of(CD_void, FD, CD_int);
    static final MethodTypeDesc ACCEPT = MethodTypeDesc.of(CD_int, FD, FD, SOCKET_ADDRESS.arrayType());
    static final MethodTypeDesc CTL = MethodTypeDesc.of(CD_int, CD_int, CD_int, CD_int, CD_int);
    private static final int EPOLL_CTL_DEL = 2;

    private HookClass() {}

    static byte[] bytes() {
        return ClassFile.of().build(HOOK, c -> c
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SUPER)
                .withField("BIND", BI_PREDICATE, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC)
                .withField("LISTEN", PREDICATE, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC)
                .withField("ACCEPTS", INT_CONSUMER, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC)
                .withMethodBody("bind", BIND_FAMILY, ClassFile.ACC_STATIC, code -> {
                    Label real = code.newLabel();
                    adopted(code, 1, 2, 3).ifeq(real).return_().labelBinding(real);
                    code.aload(0).aload(1).aload(2).iload(3).invokestatic(NET, "bind", BIND_FAMILY).return_();
                })
                .withMethodBody("bind", BIND_IF_SERVER, ClassFile.ACC_STATIC, code -> {
                    Label real = code.newLabel();
                    code.iload(3).ifeq(real);
                    adopted(code, 0, 1, 2).ifeq(real).return_().labelBinding(real);
                    code.aload(0).aload(1).iload(2).invokestatic(NET, "bind", BIND).return_();
                })
                .withMethodBody("listen", LISTEN, ClassFile.ACC_STATIC, code -> {
                    Label real = code.newLabel();
                    code.getstatic(HOOK, "LISTEN", PREDICATE).aload(0)
                            .invokeinterface(PREDICATE, "test", MethodTypeDesc.of(CD_boolean, CD_Object))
                            .ifeq(real).return_().labelBinding(real);
                    code.aload(0).iload(1).invokestatic(NET, "listen", LISTEN).return_();
                })
                .withMethodBody("accept", ACCEPT, ClassFile.ACC_STATIC, code -> {
                    code.getstatic(HOOK, "ACCEPTS", INT_CONSUMER).aload(0)
                            .invokestatic(IO_UTIL, "fdVal", MethodTypeDesc.of(CD_int, FD))
                            .invokeinterface(INT_CONSUMER, "accept", MethodTypeDesc.of(CD_void, CD_int));
                    code.aload(0).aload(1).aload(2).invokestatic(NET, "accept", ACCEPT).ireturn();
                })
                .withMethodBody("ctl", CTL, ClassFile.ACC_STATIC, code -> {
                    Label real = code.newLabel();
                    code.iload(1).loadConstant(EPOLL_CTL_DEL).if_icmpeq(real);
                    code.getstatic(HOOK, "ACCEPTS", INT_CONSUMER).iload(2)
                            .invokeinterface(INT_CONSUMER, "accept", MethodTypeDesc.of(CD_void, CD_int))
                            .labelBinding(real);
                    code.iload(0).iload(1).iload(2).iload(3).invokestatic(EPOLL, "ctl", CTL).ireturn();
                }));
    }

    /** Pushes {@code BIND.test(fd, new InetSocketAddress(address, port))} from the given locals. */
    private static CodeBuilder adopted(CodeBuilder code, int fd, int address, int port) {
        return code.getstatic(HOOK, "BIND", BI_PREDICATE).aload(fd)
                .new_(SOCKET_ADDRESS).dup().aload(address).iload(port)
                .invokespecial(SOCKET_ADDRESS, "<init>", MethodTypeDesc.of(CD_void, INET, CD_int))
                .invokeinterface(BI_PREDICATE, "test", MethodTypeDesc.of(CD_boolean, CD_Object, CD_Object));
    }
}
