package dev.javicorn.cli;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar compiled for Java 5 or older as Java 8 class files with stack
 * maps, the same code otherwise, so that the JDK's ahead-of-time cache can keep them: it skips
 * every class verified by the old verifier. picocli targets Java 5, and loading and verifying its
 * 228 classes at every start cost the supervisor about 300 ms. The launcher runs this once per
 * build, on javicorn's copy of the jar, before it trains the caches.
 *
 * <p>Usage: {@code CacheableJar JAR...}; a jar with nothing to rewrite is left as it is, and a
 * class that cannot be rewritten (it would need the old verifier's leniency) is kept as it was.
 */
public final class CacheableJar {
    private static final int JAVA_6 = ClassFile.JAVA_6_VERSION;
    private static final int TARGET = ClassFile.JAVA_8_VERSION;

    private CacheableJar() {}

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            int rewritten = rewrite(Path.of(jar));
            if (rewritten > 0) {
                System.out.println(jar + ": " + rewritten + " class files rewritten for the start-up cache");
            }
        }
    }

    /** Rewrites {@code jar} in place (through a temporary file); returns how many classes changed. */
    static int rewrite(Path jar) throws IOException {
        Path out = jar.resolveSibling(jar.getFileName() + ".new");
        int rewritten = 0;
        try (ZipFile zip = new ZipFile(jar.toFile());
             URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             ZipOutputStream copy = new ZipOutputStream(Files.newOutputStream(out))) {
            ClassFile classFile = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(classes))));
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < JAVA_6) {
                    byte[] upgraded = upgrade(classFile, bytes);
                    if (upgraded != bytes) {
                        bytes = upgraded;
                        rewritten++;
                    }
                }
                ZipEntry copied = new ZipEntry(entry.getName());
                copied.setTime(entry.getTime());
                copy.putNextEntry(copied);
                copy.write(bytes);
                copy.closeEntry();
            }
        }
        if (rewritten == 0) {
            Files.delete(out);
        } else {
            Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return rewritten;
    }

    /** The class at {@link #TARGET} with stack maps, or {@code bytes} itself if it cannot be. */
    private static byte[] upgrade(ClassFile classFile, byte[] bytes) {
        ClassTransform version = (builder, element) -> {
            if (element instanceof ClassFileVersion) {
                builder.withVersion(TARGET, 0);
            } else {
                builder.with(element);
            }
        };
        try {
            return classFile.transformClass(classFile.parse(bytes),
                    version.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return bytes; // e.g. jsr/ret, which later class versions forbid
        }
    }

    static int majorVersion(byte[] bytes) {
        return bytes.length < 8 ? Integer.MAX_VALUE : ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    }
}
