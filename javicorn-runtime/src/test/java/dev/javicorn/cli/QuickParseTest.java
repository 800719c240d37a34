package dev.javicorn.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick reading of a command line fills {@link Cli} as picocli does, or leaves the line to picocli. */
class QuickParseTest {
    @Test
    void everyOptionInEachOfItsFormsReadsAsPicocliReadsIt() throws Exception {
        List<String[]> lines = new ArrayList<>();
        for (Field field : options()) {
            Option option = field.getAnnotation(Option.class);
            for (String name : option.names()) {
                if (isFlag(field)) {
                    lines.add(new String[] {name, "Main:app"});
                    if (option.negatable()) {
                        lines.add(new String[] {"--no-" + name.substring(2), "Main:app"});
                    }
                } else {
                    String value = sample(field);
                    lines.add(new String[] {name, value, "Main:app"});
                    lines.add(new String[] {"Main:app", name + "=" + value});
                }
            }
        }
        assertThat(lines).hasSizeGreaterThan(2 * options().size());
        for (String[] line : lines) {
            assertSameAsPicocli(line);
        }
    }

    @Test
    void commandLinesAsTheDocsWriteThemReadAsPicocliReadsThem() throws Exception {
        assertSameAsPicocli("Main:app");
        assertSameAsPicocli("--app-dir", "examples/seed", "--reload", "Main:app");
        assertSameAsPicocli("--workers", "4", "--host", "0.0.0.0", "--port", "8080", "com.example.Api:app");
        assertSameAsPicocli("--ssl-certfile", "cert.pem", "--ssl-keyfile", "key.pem", "--port", "8443", "com.example.Api:app");
        assertSameAsPicocli("--classpath", "target/classes:lib/a.jar", "--classpath", "lib/b.jar", "com.example.Main");
        assertSameAsPicocli("--workers", "2", "com.example.Main", "--", "server", "--config", "config.yml");
        assertSameAsPicocli("--jvm-arg=-Xmx512m", "--jvm-arg=-Dx=1", "--no-access-log", "--reload-delay", ".5", "Main:app", "extra");
        assertSameAsPicocli("--ssl-ciphers", "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256", "Main:app");
        assertSameAsPicocli("--root-path=", "--header", "x-a: 1", "--header=x-b:2", "Main:app");
    }

    @Test
    void anythingItCannotReadTheSameWayIsLeftToPicocli() {
        for (String[] line : List.of(new String[] {"--help"}, new String[] {"--version"}, new String[] {"-h"},
                new String[] {"--reload"}, new String[] {"--unknown", "Main:app"}, new String[] {"--port", "x", "Main:app"},
                new String[] {"--port", "0x10", "Main:app"}, new String[] {"--port", "1", "--port", "2", "Main:app"},
                new String[] {"--port", "Main:app"}, new String[] {"Main:app", "--port"},
                new String[] {"--jvm-arg", "-Xmx1g", "Main:app"}, new String[] {"@args.txt"}, new String[] {"--reload=true", "Main:app"},
                new String[] {"--no-port", "1", "Main:app"}, new String[] {"--no-reload", "Main:app"},
                new String[] {"--timeout-keep-alive", "soon", "Main:app"}, new String[] {"--ws-per-message-deflate", "yes", "Main:app"},
                new String[] {"--ssl-ciphers", "'A:B'", "Main:app"})) {
            assertThat(QuickParse.parse(line)).as(String.join(" ", line)).isEmpty();
        }
    }

    private static void assertSameAsPicocli(String... line) throws IllegalAccessException {
        Optional<Cli> quick = QuickParse.parse(line);
        assertThat(quick).as("read quickly: " + String.join(" ", line)).isPresent();
        Cli picocli = new Cli();
        new CommandLine(picocli).parseArgs(line);
        for (Field field : Cli.class.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                assertThat(field.get(quick.get())).as(field.getName() + " in: " + String.join(" ", line)).isEqualTo(field.get(picocli));
            }
        }
    }

    private static List<Field> options() {
        List<Field> options = new ArrayList<>();
        for (Field field : Cli.class.getDeclaredFields()) {
            if (field.isAnnotationPresent(Option.class)) {
                options.add(field);
            }
        }
        return options;
    }

    private static boolean isFlag(Field field) {
        return (field.getType() == boolean.class || field.getType() == Boolean.class) && field.getAnnotation(Option.class).arity().isEmpty();
    }

    /** A value of the field's type that is not its default. */
    private static String sample(Field field) {
        Option option = field.getAnnotation(Option.class);
        if (option.converter().length > 0) {
            return "2.5";
        }
        if (field.getType() == boolean.class) {
            return option.defaultValue().equals("true") ? "false" : "true";
        }
        if (field.getType() == List.class) {
            return option.split().isEmpty() ? "a b" : "x:y";
        }
        return switch (field.getType().getSimpleName()) {
            case "int", "Integer" -> "7";
            case "long" -> "1234567890123";
            case "Path" -> "some/where.txt";
            default -> "some value";
        };
    }
}
