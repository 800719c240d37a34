package dev.javicorn.source;

import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How Maven's resources plugin processes one module's resources, read from the effective pom:
 * the {@code <resources>} of its build (folder, filtering, includes, excludes, target path) and
 * the plugin's filtering settings (delimiters, escape string, encodings, files never filtered),
 * with the values a filter may put in ({@code project.version}, the pom's properties, the JVM's).
 * A module's pom that says nothing gets Maven's defaults: {@code src/main/resources}, unfiltered.
 */
record ResourcePlan(List<ResourceSet> sets, Filtering filtering) {
    /** Maven's own list of extensions its resources plugin never filters. */
    private static final Set<String> NEVER_FILTERED = Set.of("jpg", "jpeg", "gif", "bmp", "png");

    ResourcePlan {
        sets = List.copyOf(sets);
    }

    /** One {@code <resource>}: the files under {@code directory} that the patterns select go to {@code targetPath} in the class folder. */
    record ResourceSet(Path directory, boolean filtering, List<String> includes, List<String> excludes, String targetPath) {
        ResourceSet {
            includes = List.copyOf(includes);
            excludes = List.copyOf(excludes);
        }
    }

    /**
     * @param delimiters start and end of an expression, e.g. {@code ["${", "}"]} and {@code ["@", "@"]}
     * @param escape the string that keeps an expression as it is, e.g. {@code \}; empty for none
     * @param values what an expression's name stands for
     */
    record Filtering(List<List<String>> delimiters, String escape, Map<String, String> values, Charset encoding,
                     Charset propertiesEncoding, Set<String> neverFiltered) {
        Filtering {
            delimiters = List.copyOf(delimiters);
            values = Map.copyOf(values);
            neverFiltered = Set.copyOf(neverFiltered);
        }
    }

    /** Maven's defaults for a module: {@code src/main/resources}, copied as it is. */
    static ResourcePlan defaults(Path module) {
        return plain(module.resolve("src/main/resources"));
    }

    /** Every file of {@code directory}, copied as it is. */
    static ResourcePlan plain(Path directory) {
        return new ResourcePlan(List.of(new ResourceSet(directory, false, List.of(), List.of(), "")),
                new Filtering(List.of(List.of("${", "}"), List.of("@", "@")), "", Map.of(), StandardCharsets.UTF_8,
                        StandardCharsets.UTF_8, NEVER_FILTERED));
    }

    /**
     * The plan of every module in an effective pom (one {@code <project>}, or several inside
     * {@code <projects>}), by module folder.
     *
     * @throws IOException with one line when the file cannot be read or parsed
     */
    static Map<Path, ResourcePlan> read(Path effectivePom) throws IOException {
        Element root = Xml.parse(effectivePom);
        List<Element> projects = root.getTagName().equals("projects") ? Xml.children(root, "project") : List.of(root);
        Map<Path, ResourcePlan> plans = new HashMap<>();
        for (Element project : projects) {
            Optional<String> target = Xml.text(project, "build", "directory");
            if (target.isPresent()) {
                Path module = Path.of(target.get()).getParent();
                plans.put(module, of(project));
            }
        }
        return plans;
    }

    private static ResourcePlan of(Element project) {
        List<ResourceSet> sets = new ArrayList<>();
        for (Element resource : Xml.child(project, "build", "resources").map(r -> Xml.children(r, "resource")).orElse(List.of())) {
            Optional<String> directory = Xml.text(resource, "directory");
            if (directory.isEmpty()) {
                continue;
            }
            sets.add(new ResourceSet(Path.of(directory.get()), Xml.text(resource, "filtering").map(Boolean::parseBoolean).orElse(false),
                    Xml.texts(resource, "include", "includes"), Xml.texts(resource, "exclude", "excludes"),
                    Xml.text(resource, "targetPath").orElse("")));
        }
        return new ResourcePlan(sets, filtering(project));
    }

    private static Filtering filtering(Element project) {
        Map<String, String> settings = new HashMap<>();
        List<String> delimiters = new ArrayList<>();
        Set<String> neverFiltered = new LinkedHashSet<>(NEVER_FILTERED);
        for (Element configuration : resourcesPluginConfigurations(project)) {
            for (String name : List.of("useDefaultDelimiters", "escapeString", "encoding", "propertiesEncoding")) {
                Xml.text(configuration, name).ifPresent(value -> settings.put(name, value));
            }
            List<String> listed = Xml.texts(configuration, "delimiter", "delimiters");
            if (!listed.isEmpty()) {
                delimiters = new ArrayList<>(listed);
            }
            neverFiltered.addAll(Xml.texts(configuration, "nonFilteredFileExtension", "nonFilteredFileExtensions"));
        }
        if (!settings.getOrDefault("useDefaultDelimiters", "true").equals("false")) {
            delimiters.addAll(0, List.of("${*}", "@"));
        }
        List<List<String>> pairs = delimiters.stream().distinct().map(ResourcePlan::delimiter).toList();
        Charset encoding = charset(settings.get("encoding"))
                .or(() -> charset(Xml.text(project, "properties", "project.build.sourceEncoding").orElse(null)))
                .orElse(StandardCharsets.UTF_8);
        Charset propertiesEncoding = charset(settings.get("propertiesEncoding")).orElse(encoding);
        return new Filtering(pairs, settings.getOrDefault("escapeString", ""), values(project), encoding, propertiesEncoding,
                neverFiltered);
    }

    /** The resources plugin's configuration, then its {@code default-resources} execution's, which wins. */
    private static List<Element> resourcesPluginConfigurations(Element project) {
        List<Element> found = new ArrayList<>();
        for (Element plugin : Xml.child(project, "build", "plugins").map(p -> Xml.children(p, "plugin")).orElse(List.of())) {
            if (!Xml.text(plugin, "artifactId").orElse("").equals("maven-resources-plugin")) {
                continue;
            }
            Xml.child(plugin, "configuration").ifPresent(found::add);
            for (Element execution : Xml.child(plugin, "executions").map(e -> Xml.children(e, "execution")).orElse(List.of())) {
                if (Xml.text(execution, "id").orElse("").equals("default-resources")) {
                    Xml.child(execution, "configuration").ifPresent(found::add);
                }
            }
        }
        return found;
    }

    /** {@code ${*}} → {@code ["${", "}"]}; {@code @} → {@code ["@", "@"]}. */
    private static List<String> delimiter(String spec) {
        int star = spec.indexOf('*');
        return star < 0 ? List.of(spec, spec) : List.of(spec.substring(0, star), spec.substring(star + 1));
    }

    /** What Maven's filter looks names up in: the JVM's properties, the environment, the pom's properties, the project's own fields. */
    private static Map<String, String> values(Element project) {
        Map<String, String> values = new HashMap<>();
        System.getProperties().forEach((k, v) -> values.put(k.toString(), v.toString()));
        System.getenv().forEach((k, v) -> values.put("env." + k, v));
        Xml.child(project, "properties").ifPresent(properties ->
                Xml.children(properties).forEach(p -> values.put(p.getTagName(), p.getTextContent().strip())));
        for (String field : List.of("groupId", "artifactId", "version", "name", "description", "url", "packaging")) {
            Xml.text(project, field).ifPresent(v -> {
                values.put("project." + field, v);
                values.put("pom." + field, v);
            });
        }
        for (String field : List.of("directory", "outputDirectory", "finalName", "sourceDirectory")) {
            Xml.text(project, "build", field).ifPresent(v -> values.put("project.build." + field, v));
        }
        Xml.text(project, "build", "directory").map(d -> Path.of(d).getParent().toString()).ifPresent(basedir -> {
            values.put("basedir", basedir);
            values.put("project.basedir", basedir);
        });
        return values;
    }

    private static Optional<Charset> charset(String name) {
        try {
            return name == null || name.isBlank() ? Optional.empty() : Optional.of(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }
}
