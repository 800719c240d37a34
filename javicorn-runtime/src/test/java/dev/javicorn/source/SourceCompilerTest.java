package dev.javicorn.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rebuilds recompile what changed, and everything when what others see of a class changed. */
class SourceCompilerTest {
    @TempDir
    Path tmp;

    @Test
    void aChangedMethodBodyRecompilesOnlyItsFile() throws Exception {
        Path src = sources();
        SourceCompiler compiler = new SourceCompiler(src);
        assertThat(compiler.compile(tmp.resolve("classes-1"), List.of())).isEqualTo(3);

        write(src, "Greeting.java", "public class Greeting { public static String text() { return \"bonjour\"; } }");
        assertThat(compiler.compile(tmp.resolve("classes-2"), List.of())).isEqualTo(1);
        assertThat(call(tmp.resolve("classes-2"))).isEqualTo("bonjour 42");
        assertThat(call(tmp.resolve("classes-1"))).as("the previous build is left as it was").isEqualTo("hello 42");
    }

    @Test
    void aChangedConstantRecompilesTheClassesThatCopiedIt() throws Exception {
        Path src = sources();
        SourceCompiler compiler = new SourceCompiler(src);
        compiler.compile(tmp.resolve("classes-1"), List.of());

        write(src, "Answer.java", "public class Answer { public static final int VALUE = 43; }");
        assertThat(compiler.compile(tmp.resolve("classes-2"), List.of())).isEqualTo(3);
        assertThat(call(tmp.resolve("classes-2"))).isEqualTo("hello 43");
    }

    @Test
    void aRemovedMethodIsAnErrorInTheFilesThatUseIt() throws Exception {
        Path src = sources();
        SourceCompiler compiler = new SourceCompiler(src);
        compiler.compile(tmp.resolve("classes-1"), List.of());

        write(src, "Greeting.java", "public class Greeting { }");
        assertThatThrownBy(() -> compiler.compile(tmp.resolve("classes-2"), List.of()))
                .isInstanceOf(SourceCompiler.CompileException.class)
                .hasMessageContaining("Main.java:1: error: cannot find symbol");
    }

    @Test
    void aDeletedSourceLeavesNoClassBehind() throws Exception {
        Path src = sources();
        write(src, "Unused.java", "class Unused { }");
        SourceCompiler compiler = new SourceCompiler(src);
        compiler.compile(tmp.resolve("classes-1"), List.of());

        Files.delete(src.resolve("Unused.java"));
        compiler.compile(tmp.resolve("classes-2"), List.of());
        assertThat(tmp.resolve("classes-2/Unused.class")).doesNotExist();
        assertThat(tmp.resolve("classes-2/Main.class")).exists();
    }

    @Test
    void aStartWithTheSourcesOfAKeptCompileRunsNoJavacAndRecompilesWhatChangesLater() throws Exception {
        Path src = sources();
        Path store = tmp.resolve("store");
        assertThat(new SourceCompiler(src).keepingCompilesIn(store).compile(tmp.resolve("run1"), List.of())).isEqualTo(3);

        SourceCompiler next = new SourceCompiler(src).keepingCompilesIn(store);
        assertThat(next.compile(tmp.resolve("run2"), List.of())).as("files compiled").isZero();
        assertThat(call(tmp.resolve("run2"))).isEqualTo("hello 42");

        write(src, "Greeting.java", "public class Greeting { public static String text() { return \"bonjour\"; } }");
        assertThat(next.compile(tmp.resolve("run2-edit"), List.of())).as("an edit after a kept start").isEqualTo(1);
        assertThat(call(tmp.resolve("run2-edit"))).isEqualTo("bonjour 42");
        assertThat(new SourceCompiler(src).keepingCompilesIn(store).compile(tmp.resolve("run3"), List.of()))
                .as("the edit was kept too").isZero();
        assertThat(call(tmp.resolve("run3"))).isEqualTo("bonjour 42");
    }

    @Test
    void aKeptCompileKnowsAClassFolderOnItsClasspathByItsFilesNotItsPath() throws Exception {
        // A sibling module's build folder is named after the supervisor's pid: it moves every run.
        Path one = Files.createDirectories(tmp.resolve("run-1/classes-1-modules/lib"));
        Path other = Files.createDirectories(tmp.resolve("run-2/classes-1-modules/lib"));
        Files.writeString(one.resolve("Lib.class"), "same bytes");
        Files.writeString(other.resolve("Lib.class"), "same bytes");
        assertThat(CompiledStore.key(Map.of(), List.of(), List.of(), List.of(one)))
                .isEqualTo(CompiledStore.key(Map.of(), List.of(), List.of(), List.of(other)));

        Files.writeString(other.resolve("Lib.class"), "other bytes");
        assertThat(CompiledStore.key(Map.of(), List.of(), List.of(), List.of(one)))
                .isNotEqualTo(CompiledStore.key(Map.of(), List.of(), List.of(), List.of(other)));
    }

    @Test
    void aProcessorThatThrowsFailsTheCompileWithOneLineNamingIt() throws Exception {
        Path processor = Files.createDirectories(tmp.resolve("processor"));
        write(processor, "Boom.java", """
                import java.util.Set;
                import javax.annotation.processing.*;
                import javax.lang.model.element.TypeElement;
                @SupportedAnnotationTypes("*")
                public class Boom extends AbstractProcessor {
                    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
                        throw new IllegalStateException("boom");
                    }
                }""");
        Path processorClasses = tmp.resolve("processor-classes");
        new SourceCompiler(processor).compile(processorClasses, List.of());
        Files.createDirectories(processorClasses.resolve("META-INF/services"));
        Files.writeString(processorClasses.resolve("META-INF/services/javax.annotation.processing.Processor"), "Boom\n");
        Path src = sources();
        JavacArgs maven = JavacArgs.parse(List.of("-d", tmp.resolve("target/classes").toString(), "-sourcepath", src.toString(),
                "-processorpath", processorClasses.toString(), "--release", "25"));

        assertThatThrownBy(() -> new SourceCompiler(maven).compile(tmp.resolve("classes-1"), List.of()))
                .isInstanceOf(SourceCompiler.CompileException.class)
                .hasMessageStartingWith("error: javac failed in an annotation processor or a compiler plugin: ")
                .hasMessageContaining("IllegalStateException: boom")
                .hasMessageNotContaining("\n");
    }

    @Test
    void mavensOptionsAreJavacsOptions() throws Exception {
        Path src = sources();
        // -Werror turns the deprecation warning into the error Maven would report.
        write(src, "Old.java", "public class Old { @Deprecated public static void old() { } }");
        write(src, "User.java", "public class User { void use() { Old.old(); } }");
        JavacArgs maven = JavacArgs.parse(List.of("-d", tmp.resolve("target/classes").toString(), "-sourcepath", src.toString(),
                "-Xlint:deprecation", "-Werror", "-J-Xmx64m", "--release", "25", src.resolve("Main.java").toString()));
        assertThat(maven.options()).containsExactly("-Xlint:deprecation", "-Werror", "-J-Xmx64m", "--release", "25");
        assertThat(maven.sourceRoots()).containsExactly(src);

        assertThatThrownBy(() -> new SourceCompiler(maven).compile(tmp.resolve("classes-1"), List.of()))
                .isInstanceOf(SourceCompiler.CompileException.class)
                .hasMessageContaining("warnings found and -Werror specified");
    }

    private Path sources() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        write(src, "Main.java", "public class Main implements java.util.concurrent.Callable<String> { "
                + "public String call() { return Greeting.text() + \" \" + Answer.VALUE; } }");
        write(src, "Greeting.java", "public class Greeting { public static String text() { return \"hello\"; } }");
        write(src, "Answer.java", "public class Answer { public static final int VALUE = 42; }");
        return src;
    }

    private static void write(Path dir, String name, String code) throws Exception {
        Files.writeString(dir.resolve(name), code);
    }

    @SuppressWarnings("unchecked")
    private static String call(Path classes) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            return ((Callable<String>) loader.loadClass("Main").getConstructor().newInstance()).call();
        }
    }
}
