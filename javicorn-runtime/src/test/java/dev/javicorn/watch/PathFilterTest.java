package dev.javicorn.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathFilterTest {
    private final PathFilter defaults = PathFilter.defaults();

    @Test
    void defaultsIncludeSourcesResourcesTemplatesStaticFilesAndPom() {
        for (String file : List.of("src/main/java/com/example/Api.java", "pom.xml",
                "src/main/resources/application.properties", "config.yaml", "config.yml", "data.json",
                "logback.xml", "templates/index.html", "templates/hello.mustache", "views/page.ftl",
                "views/page.peb", "views/page.jte", "static/app.css", "static/app.js", "static/logo.svg",
                "static/logo.png", "static/robots.txt")) {
            assertThat(defaults.accept(Path.of(file), false)).as(file).isTrue();
        }
    }

    @Test
    void defaultsIgnoreUnknownFilesEditorLeftoversAndLogs() {
        for (String file : List.of("README.md", "Api.class", "app.jar", "Api.java.swp", ".Api.java.swp",
                "Api.java.swx", "Api.java~", ".#Api.java", "#Api.java#", "4913", "Api.java.tmp", "save.tmp",
                "server.log", "Api.java___jb_tmp___")) {
            assertThat(defaults.accept(Path.of("src", file), false)).as(file).isFalse();
        }
    }

    @Test
    void defaultsExcludeBuildOutputDependenciesAndHiddenFoldersAtAnyDepth() {
        for (String dir : List.of(".git", "target", "build", "out", "node_modules", ".idea", ".javicorn",
                "module/target", "a/b/node_modules", "web/.cache")) {
            assertThat(defaults.accept(Path.of(dir), true)).as(dir).isFalse();
        }
        for (String dir : List.of("src", "src/main/java", "templates", "output", "builder")) {
            assertThat(defaults.accept(Path.of(dir), true)).as(dir).isTrue();
        }
    }

    @Test
    void extraIncludeAddsFilesAndExtraExcludeRemovesFilesAndFoldersAtAnyDepth() {
        PathFilter filter = PathFilter.withGlobs(List.of("*.sql"), List.of("generated", "*.min.js"));
        assertThat(filter.accept(Path.of("db/V1__init.sql"), false)).isTrue();
        assertThat(filter.accept(Path.of("static/app.min.js"), false)).isFalse();
        assertThat(filter.accept(Path.of("static/app.js"), false)).isTrue();
        assertThat(filter.accept(Path.of("generated"), true)).isFalse();
        assertThat(filter.accept(Path.of("src/main/java/generated"), true)).isFalse();
        assertThat(filter.accept(Path.of("src/main/java/generator"), true)).isTrue();
    }

    @Test
    void globWithSlashMatchesTheWholeRelativePath() {
        PathFilter filter = PathFilter.withGlobs(List.of(), List.of("src/gen/**"));
        assertThat(filter.accept(Path.of("src/gen/Foo.java"), false)).isFalse();
        assertThat(filter.accept(Path.of("lib/src/gen/Foo.java"), false)).isTrue();
    }

    @Test
    void includeEqualToADefaultExcludeLiftsItAndExcludeBeatsADefaultInclude() {
        PathFilter filter = PathFilter.withGlobs(List.of("build", "*.log"), List.of("*.json"));
        assertThat(filter.accept(Path.of("build"), true)).isTrue();
        assertThat(filter.accept(Path.of("target"), true)).isFalse();
        assertThat(filter.accept(Path.of("app.log"), false)).isTrue();
        assertThat(filter.accept(Path.of("data.json"), false)).isFalse();
    }

    @Test
    void malformedGlobIsRejectedWithItsText() {
        assertThatThrownBy(() -> PathFilter.withGlobs(List.of("[abc"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[abc");
        assertThatThrownBy(() -> PathFilter.withGlobs(List.of(), List.of(" ")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooManyWatchesBecomesOneLineWithTheSysctlFix() {
        TooManyWatchesException e = TooManyWatchesException.from(
                new java.io.IOException("User limit of inotify watches reached"), 8191);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n")
                .contains("8191", "fs.inotify.max_user_watches", "sudo sysctl fs.inotify.max_user_watches=");
        assertThat(TooManyWatchesException.from(new java.io.IOException("Permission denied"), 1)).isNull();
    }
}
