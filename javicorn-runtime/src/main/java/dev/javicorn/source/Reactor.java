package dev.javicorn.source;

import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Maven reactor an app dir belongs to, read from the poms on disk before Maven runs: its root
 * (the topmost folder whose pom lists the one below as a {@code <module>}), the module that holds
 * the app, and every pom that shapes the build (the reactor's, and parents found on disk through
 * {@code <relativePath>}), which key the cache of what Maven said.
 *
 * <p>A module is run from its own folder, or from an aggregator's folder when the main class names
 * it: the module whose {@code src/main/java} holds that class is the app. Maven then builds the
 * app with the modules it depends on ({@code -pl app -am}).
 *
 * @param root the reactor's root folder; the app dir itself when it is no module of another pom
 * @param app the module that holds the app
 * @param poms the poms found on disk, the root's first; {@code .mvn/maven.config} too when it exists
 */
record Reactor(Path root, Path app, List<Path> poms) {
    private static final int MAX_DEPTH = 20;

    Reactor {
        poms = List.copyOf(poms);
    }

    /** The app module's path from the root, for {@code -pl}; empty when the app is the root. */
    Optional<String> appModule() {
        return root.equals(app) ? Optional.empty() : Optional.of(root.relativize(app).toString());
    }

    /**
     * @param appDir a folder holding a {@code pom.xml}
     * @param mainClass the app's class, to find its module when {@code appDir} is an aggregator
     * @throws IOException with one line when a pom cannot be read or parsed, or no module holds the main class
     */
    static Reactor of(Path appDir, Optional<String> mainClass) throws IOException {
        Path dir = appDir.toAbsolutePath().normalize();
        Path app = dir;
        List<Path> modules = modules(dir);
        if (!modules.isEmpty() && mainClass.isPresent() && !holds(dir, mainClass.get())) {
            String file = mainClass.get().replace('.', '/') + ".java";
            app = allModules(dir).stream().filter(m -> holds(m, mainClass.get())).findFirst()
                    .orElseThrow(() -> new IOException("no module of the reactor in " + dir + " holds src/main/java/" + file));
        }
        Path root = dir;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Path parent = root.getParent();
            if (parent == null || !Files.isRegularFile(parent.resolve("pom.xml")) || !modules(parent).contains(root)) {
                break;
            }
            root = parent;
        }
        Set<Path> poms = new LinkedHashSet<>();
        for (Path module : allModules(root)) {
            addWithParents(module.resolve("pom.xml"), poms);
        }
        addWithParents(app.resolve("pom.xml"), poms);
        Path config = root.resolve(".mvn/maven.config");
        if (Files.isRegularFile(config)) {
            poms.add(config);
        }
        return new Reactor(root, app, new ArrayList<>(poms));
    }

    private static boolean holds(Path module, String mainClass) {
        return Files.isRegularFile(module.resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java"));
    }

    /** {@code dir} and every module under it, depth first, as the poms list them. */
    private static List<Path> allModules(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        collect(dir, all, 0);
        return all;
    }

    private static void collect(Path dir, List<Path> into, int depth) throws IOException {
        if (depth > MAX_DEPTH || into.contains(dir)) {
            return;
        }
        into.add(dir);
        for (Path module : modules(dir)) {
            collect(module, into, depth + 1);
        }
    }

    /** The module folders {@code dir}'s pom lists, that exist; none when it lists none. */
    static List<Path> modules(Path dir) throws IOException {
        List<Path> modules = new ArrayList<>();
        Element project = Xml.parse(dir.resolve("pom.xml"));
        for (Element list : Xml.children(project, "modules")) {
            for (Element module : Xml.children(list, "module")) {
                Path path = dir.resolve(module.getTextContent().strip()).normalize();
                path = path.getFileName() != null && path.getFileName().toString().endsWith(".xml") ? path.getParent() : path;
                if (Files.isRegularFile(path.resolve("pom.xml"))) {
                    modules.add(path);
                }
            }
        }
        return modules;
    }

    /** {@code pom} and the parents it names by a {@code <relativePath>} (by default {@code ../pom.xml}) that exist on disk. */
    private static void addWithParents(Path pom, Set<Path> into) throws IOException {
        for (int depth = 0; depth < MAX_DEPTH && Files.isRegularFile(pom) && into.add(pom); depth++) {
            List<Element> parent = Xml.children(Xml.parse(pom), "parent");
            if (parent.isEmpty()) {
                return;
            }
            List<Element> relative = Xml.children(parent.getFirst(), "relativePath");
            String path = relative.isEmpty() ? "../pom.xml" : relative.getFirst().getTextContent().strip();
            if (path.isEmpty()) {
                return;
            }
            Path next = pom.getParent().resolve(path).normalize();
            pom = Files.isDirectory(next) ? next.resolve("pom.xml") : next;
        }
    }
}
