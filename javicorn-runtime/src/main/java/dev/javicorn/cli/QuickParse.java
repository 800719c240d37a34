package dev.javicorn.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.AnnotationValue;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.FieldModel;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command line read straight into {@link Cli}'s fields, without picocli, when it is plain.
 *
 * <p>picocli builds a model of all of {@link Cli}'s options before it reads a word, and a cold
 * supervisor runs that code in the interpreter: 150–350 ms before the first worker can start
 * (docs/benchmarks.md). This reads the same {@code @Option} and {@code @Parameters} annotations and
 * fills the same fields, for the forms a command line usually takes: {@code --name value},
 * {@code --name=value}, flags and their {@code --no-} forms, the app, and {@code --} program
 * arguments. Anything else — help, version, an unknown or repeated option, a value that could be
 * read two ways (one starting with {@code -}, quotes in a split list, a number that is not plain
 * decimal), an {@code @file} — gives empty, and picocli parses the line, with its messages.
 * {@code QuickParseTest} holds the two to the same result for every option.
 *
 * <p>The annotations are read from {@link Cli}'s class file, not by reflection: reflection makes
 * a dynamic proxy class per annotation type, which the JVM's start-up cache cannot keep, and
 * reading them that way took a cold supervisor 28–38 ms, against 10–14 ms from the class file.
 */
final class QuickParse {
    /** What {@code Option.defaultValue()} is when an option declares none. */
    private static final String NO_DEFAULT = "__no_default_value__";
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(\\w+):-([^}]*)}");
    private static final Pattern PLAIN_INTEGER = Pattern.compile("-?[0-9]{1,9}");
    private static final Pattern PLAIN_LONG = Pattern.compile("-?[0-9]{1,18}");
    private static final String OPTION = Option.class.descriptorString();
    private static final String PARAMETERS = Parameters.class.descriptorString();
    private static final String SECONDS = Seconds.class.descriptorString();

    /**
     * An option as its {@code @Option} says, with picocli's defaults for what it does not say;
     * {@code converter}, the descriptors of its converter classes run together, or empty.
     */
    private record Declared(boolean negatable, String defaultValue, String converter, String split, String arity) {}

    private final Map<String, Field> byName = new HashMap<>();
    private final Map<Field, Declared> options = new HashMap<>();
    private final Set<Field> given = new HashSet<>();
    private final Cli cli = new Cli();
    private Field app;
    private Field programArgs;

    private QuickParse() throws IOException, ReflectiveOperationException {
        byte[] classFile;
        try (InputStream in = Cli.class.getResourceAsStream("Cli.class")) {
            classFile = in.readAllBytes();
        }
        for (FieldModel model : ClassFile.of().parse(classFile).fields()) {
            var annotations = model.findAttribute(Attributes.runtimeVisibleAnnotations());
            if (annotations.isEmpty() || model.flags().has(AccessFlag.STATIC)) {
                continue;
            }
            Field field = Cli.class.getDeclaredField(model.fieldName().stringValue());
            for (var annotation : annotations.get().annotations()) {
                Map<String, AnnotationValue> values = new HashMap<>();
                annotation.elements().forEach(element -> values.put(element.name().stringValue(), element.value()));
                String type = annotation.classSymbol().descriptorString();
                if (type.equals(OPTION)) {
                    for (AnnotationValue name : ((AnnotationValue.OfArray) values.get("names")).values()) {
                        byName.put(((AnnotationValue.OfString) name).stringValue(), field);
                    }
                    String converter = values.get("converter") instanceof AnnotationValue.OfArray converters
                            ? converters.values().stream().map(c -> ((AnnotationValue.OfClass) c).classSymbol().descriptorString())
                                    .collect(Collectors.joining()) : "";
                    boolean negatable = values.get("negatable") instanceof AnnotationValue.OfBoolean b && b.booleanValue();
                    options.put(field, new Declared(negatable, string(values, "defaultValue", NO_DEFAULT), converter,
                            string(values, "split", ""), string(values, "arity", "")));
                } else if (type.equals(PARAMETERS)) {
                    if (string(values, "index", "").equals("0")) {
                        app = field;
                    } else {
                        programArgs = field;
                    }
                }
            }
        }
    }

    private static String string(Map<String, AnnotationValue> values, String name, String otherwise) {
        return values.get(name) instanceof AnnotationValue.OfString value ? value.stringValue() : otherwise;
    }

    /** {@link Cli} as picocli would fill it from {@code args}, or empty: let picocli read them. */
    static Optional<Cli> parse(String[] args) {
        try {
            QuickParse parse = new QuickParse();
            return parse.read(args) && parse.applyDefaults() ? Optional.of(parse.cli) : Optional.empty();
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // picocli says what is wrong
        }
    }

    private boolean read(String[] args) throws ReflectiveOperationException {
        boolean positionalOnly = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (positionalOnly || !arg.startsWith("-")) {
                if (arg.startsWith("@")) {
                    return false; // an argument file
                }
                positional(arg);
            } else if (arg.equals("--")) {
                positionalOnly = true;
            } else if (!arg.startsWith("--")) {
                return false; // -h, -V, or something picocli reads its own way
            } else {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg : arg.substring(0, equals);
                String inline = equals < 0 ? null : arg.substring(equals + 1);
                boolean negated = false;
                Field field = byName.get(name);
                if (field == null && name.startsWith("--no-")) {
                    field = byName.get("--" + name.substring("--no-".length()));
                    negated = field != null && options.get(field).negatable();
                    if (!negated) {
                        return false;
                    }
                }
                if (field == null || (!isList(field) && !given.add(field))) {
                    return false;
                }
                if (isFlag(field)) {
                    if (inline != null) {
                        return false;
                    }
                    field.set(cli, !negated);
                } else {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 == args.length || args[i + 1].startsWith("-")) {
                            return false;
                        }
                        value = args[++i];
                    }
                    if (negated || !assign(field, value)) {
                        return false;
                    }
                }
            }
        }
        return app.get(cli) != null;
    }

    private void positional(String arg) throws ReflectiveOperationException {
        if (app.get(cli) == null) {
            app.set(cli, arg);
        } else {
            list(programArgs).add(arg);
        }
    }

    /** picocli's default values, for the options this line did not give. */
    private boolean applyDefaults() throws ReflectiveOperationException {
        for (Field field : new HashSet<>(byName.values())) {
            String value = options.get(field).defaultValue();
            if (given.contains(field) || value.equals(NO_DEFAULT)) {
                continue;
            }
            if (isList(field) || value.equals(Option.NULL_VALUE)) {
                return false;
            }
            Matcher env = ENV_DEFAULT.matcher(value);
            if (env.matches()) {
                String set = System.getenv(env.group(1));
                value = set != null ? set : env.group(2);
            } else if (value.contains("${")) {
                return false;
            }
            if (isFlag(field) ? !bool(field, value) : !assign(field, value)) {
                return false;
            }
        }
        return true;
    }

    /** Converts {@code value} to the field's type, or false if the conversion is picocli's to make. */
    private boolean assign(Field field, String value) throws ReflectiveOperationException {
        Declared option = options.get(field);
        if (!option.converter().isEmpty()) {
            if (!option.converter().equals(SECONDS)) {
                return false;
            }
            field.set(cli, new Seconds().convert(value));
            return true;
        }
        if (isList(field)) {
            if (!option.split().isEmpty() && (value.contains("\"") || value.contains("'"))) {
                return false;
            }
            Class<?> element = (Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0];
            for (String part : option.split().isEmpty() ? new String[] {value} : value.split(option.split())) {
                Object converted = convert(element, part);
                if (converted == null) {
                    return false;
                }
                list(field).add(converted);
            }
            return true;
        }
        if (field.getType() == boolean.class || field.getType() == Boolean.class) {
            return bool(field, value);
        }
        Object converted = convert(field.getType(), value);
        if (converted == null) {
            return false;
        }
        field.set(cli, converted);
        return true;
    }

    private boolean bool(Field field, String value) throws ReflectiveOperationException {
        if (!value.equals("true") && !value.equals("false")) {
            return false;
        }
        field.set(cli, Boolean.parseBoolean(value));
        return true;
    }

    /** {@code value} as a {@code type}, or null when picocli should convert it. */
    private static Object convert(Class<?> type, String value) {
        if (type == String.class) {
            return value;
        }
        if (type == Path.class) {
            return Path.of(value);
        }
        if ((type == int.class || type == Integer.class) && PLAIN_INTEGER.matcher(value).matches()) {
            return Integer.parseInt(value);
        }
        if ((type == long.class || type == Long.class) && PLAIN_LONG.matcher(value).matches()) {
            return Long.parseLong(value);
        }
        return null;
    }

    /** A flag takes no value: a boolean option without an arity of its own. */
    private boolean isFlag(Field field) {
        return (field.getType() == boolean.class || field.getType() == Boolean.class)
                && options.get(field).arity().isEmpty();
    }

    private static boolean isList(Field field) {
        return field.getType() == List.class;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Field field) throws ReflectiveOperationException {
        return (List<Object>) field.get(cli);
    }
}
