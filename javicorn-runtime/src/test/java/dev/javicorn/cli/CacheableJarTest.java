package dev.javicorn.cli;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_String;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java 5 class with a branch comes out as a Java 8 class that the type-checking verifier (no
 * fallback to the old one from version 51 on) accepts, so its stack maps are right; the rest of the
 * jar is copied as it was, and a second pass finds nothing to do.
 */
class CacheableJarTest {
    private static final String SIGN = "p.Sign";

    @TempDir
    Path dir;

    @Test
    void rewritesAJava5ClassWithStackMapsAndLeavesTheRestAlone() throws Exception {
        Path jar = dir.resolve("old.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            add(out, "p/Sign.class", java5Class());
            add(out, "META-INF/notes.txt", "kept".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(CacheableJar.rewrite(jar)).isEqualTo(1);

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            byte[] rewritten = zip.getInputStream(zip.getEntry("p/Sign.class")).readAllBytes();
            assertThat(CacheableJar.majorVersion(rewritten)).isEqualTo(ClassFile.JAVA_8_VERSION);
            assertThat(new String(zip.getInputStream(zip.getEntry("META-INF/notes.txt")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("kept");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Class<?> sign = Class.forName(SIGN, true, loader);
            assertThat(sign.getMethod("of", int.class).invoke(null, -3)).isEqualTo("negative");
            assertThat(sign.getMethod("of", int.class).invoke(null, 4)).isEqualTo("not negative");
        }
        assertThat(CacheableJar.rewrite(jar)).isZero();
        assertThat(dir.resolve("old.jar.new")).doesNotExist();
    }

    /** {@code public class Sign { static String of(int n) { return n < 0 ? "negative" : "not negative"; } }}, version 49. */
    private static byte[] java5Class() {
        return ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS).build(ClassDesc.of(SIGN), cls -> cls
                .withVersion(ClassFile.JAVA_5_VERSION, 0)
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_SUPER)
                .withSuperclass(CD_Object)
                .withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC,
                        code -> code.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_())
                .withMethodBody("of", MethodTypeDesc.of(CD_String, CD_int), ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> {
                    Label negative = code.newLabel();
                    code.iload(0).iflt(negative).ldc("not negative").areturn();
                    code.labelBinding(negative).ldc("negative").areturn();
                }));
    }

    private static void add(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
