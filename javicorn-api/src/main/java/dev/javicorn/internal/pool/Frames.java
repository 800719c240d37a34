package dev.javicorn.internal.pool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;

/**
 * The wire format between an owner and its worker processes, and the Java serialization both
 * sides use for the payloads.
 *
 * <pre>
 * worker -> owner, once:      int MAGIC
 * owner  -> worker, per task: int length, byte[length] serialized Callable
 * worker -> owner, per task:  byte OK|FAILED, int length, byte[length] serialized result or
 *                             RemoteTaskException
 * </pre>
 *
 * Replies come in task order: a worker runs one task at a time, in the order it received them.
 */
final class Frames {
    /** Sent first so that anything else on the worker's stdout (a JVM warning) is caught early. */
    static final int MAGIC = 0x4A56504C;
    static final byte OK = 0;
    static final byte FAILED = 1;

    private Frames() {}

    static void writeTask(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** Throws {@link java.io.EOFException} when the owner has gone. */
    static byte[] readTask(DataInputStream in) throws IOException {
        return readPayload(in);
    }

    static void writeReply(DataOutputStream out, byte status, byte[] payload) throws IOException {
        out.writeByte(status);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    static void readMagic(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new StreamCorruptedException(
                    "worker wrote 0x%08x before its handshake; is something else writing to its stdout?"
                            .formatted(magic));
        }
    }

    static byte[] readPayload(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new StreamCorruptedException("negative frame length " + length);
        }
        return in.readNBytes(length);
    }

    static byte[] serialize(Object value) throws IOException {
        var bytes = new ByteArrayOutputStream(256);
        try (var out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /**
     * Resolves classes through {@code loader} first: the default, the latest user-defined loader
     * on the stack, is javicorn's own loader on a pool thread, which may not see the app's classes.
     */
    static Object deserialize(byte[] payload, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (var in = new LoaderObjectInputStream(new ByteArrayInputStream(payload), loader)) {
            return in.readObject();
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc); // primitives and JDK classes the loader hides
            }
        }
    }
}
