package dev.javicorn.source;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How Maven's compiler plugin called javac for one module, read from the argument file it hands a
 * forked javac: the output folder, the paths, and every other option in Maven's order ({@code
 * --release}, {@code -encoding}, {@code -parameters}, {@code -A...}, {@code compilerArgs}...).
 * The source files named in it are not kept: javicorn lists the source roots at each build, so
 * that a file added later is compiled too.
 *
 * @param output the module's {@code target/classes}
 * @param classpath the compile classpath: compile, provided and optional dependencies included
 * @param sourceRoots {@code -sourcepath}: {@code src/main/java} and roots other plugins added
 * @param generatedSources {@code -s}, where processors write sources; empty when not given
 * @param processorPath {@code -processorpath}; empty when not given
 * @param options the rest, in order ({@code -J} options for a forked javac's JVM included)
 */
record JavacArgs(Path output, List<Path> classpath, List<Path> sourceRoots, Optional<Path> generatedSources,
                 List<Path> processorPath, List<String> options) {
    private static final Set<String> CLASSPATH = Set.of("-classpath", "-cp", "--class-path");
    private static final Set<String> PROCESSOR_PATH = Set.of("-processorpath", "--processor-path");
    private static final Set<String> SOURCE_PATH = Set.of("-sourcepath", "--source-path");
    /** Options that take the next argument as their value, so that a value is never taken for a source file. */
    private static final Set<String> WITH_VALUE = Set.of("--release", "-source", "--source", "-target", "--target",
            "-encoding", "-processor", "--module-path", "-p", "--module", "-m", "--add-modules", "--limit-modules",
            "--add-exports", "--add-reads", "--patch-module", "--system", "--upgrade-module-path", "-h", "-bootclasspath",
            "--boot-class-path", "-extdirs", "-endorseddirs", "-implicit", "--module-source-path",
            "--processor-module-path", "--default-module-for-created-files");

    JavacArgs {
        classpath = List.copyOf(classpath);
        sourceRoots = List.copyOf(sourceRoots);
        processorPath = List.copyOf(processorPath);
        options = List.copyOf(options);
    }

    /** These arguments with {@code option} added at the end, unless they have it. */
    JavacArgs withOption(String option) {
        if (options.contains(option)) {
            return this;
        }
        List<String> more = new ArrayList<>(options);
        more.add(option);
        return new JavacArgs(output, classpath, sourceRoots, generatedSources, processorPath, more);
    }

    /** True when javac will run annotation processors: a processor path or processors named, and not {@code -proc:none}. */
    boolean processes() {
        if (options.contains("-proc:none")) {
            return false;
        }
        return !processorPath.isEmpty() || options.contains("-processor") || options.contains("-proc:full")
                || options.contains("-proc:only");
    }

    /** Reads an argument file as the compiler plugin writes it: one argument a line, each in double quotes. */
    static JavacArgs read(Path argumentFile) throws IOException {
        List<String> arguments = new ArrayList<>();
        for (String line : Files.readAllLines(argumentFile, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                arguments.add(unquote(line.strip()));
            }
        }
        return parse(arguments);
    }

    static JavacArgs parse(List<String> arguments) {
        Path output = null;
        Path generated = null;
        List<Path> classpath = List.of();
        List<Path> sourceRoots = List.of();
        List<Path> processorPath = List.of();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            boolean hasNext = i + 1 < arguments.size();
            if (argument.equals("-d") && hasNext) {
                output = Path.of(arguments.get(++i));
            } else if (argument.equals("-s") && hasNext) {
                generated = Path.of(arguments.get(++i));
            } else if (CLASSPATH.contains(argument) && hasNext) {
                classpath = paths(arguments.get(++i));
            } else if (SOURCE_PATH.contains(argument) && hasNext) {
                sourceRoots = paths(arguments.get(++i));
            } else if (PROCESSOR_PATH.contains(argument) && hasNext) {
                processorPath = paths(arguments.get(++i));
            } else if (WITH_VALUE.contains(argument) && hasNext) {
                options.add(argument);
                options.add(arguments.get(++i));
            } else if (!argument.startsWith("-") && argument.endsWith(".java")) {
                continue; // a source file: the roots are listed again at each build
            } else {
                options.add(argument);
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("no -d in javac's arguments " + arguments);
        }
        Path out = output;
        Optional<Path> gen = Optional.ofNullable(generated);
        List<Path> roots = sourceRoots.stream().filter(r -> gen.isEmpty() || !r.equals(gen.get())).toList();
        return new JavacArgs(out, classpath, roots, gen, processorPath, options);
    }

    private static List<Path> paths(String joined) {
        List<Path> paths = new ArrayList<>();
        for (String entry : joined.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                paths.add(Path.of(entry));
            }
        }
        return paths;
    }

    /** {@code "C:\\a \"b\""} → {@code C:\a "b"}: javac's own rules for a quoted argument. */
    private static String unquote(String line) {
        if (line.length() < 2 || !line.startsWith("\"") || !line.endsWith("\"")) {
            return line;
        }
        StringBuilder plain = new StringBuilder();
        for (int i = 1; i < line.length() - 1; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() - 1) {
                c = line.charAt(++i);
            }
            plain.append(c);
        }
        return plain.toString();
    }
}
