package dev.javicorn.cli;

import dev.javicorn.config.Config;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of docs/deploy: every javicorn command line in it parses as javicorn parses it,
 * and the engines' timeouts leave javicorn's bounded stop room to finish. No cluster runs here;
 * these are the mistakes a copied file would carry.
 */
class DeployFilesTest {
    /** What a worker stuck past its grace costs on top of it: its thread dump, then SIGKILL of its session. */
    private static final Duration STUCK_WORKER = Duration.ofSeconds(3);
    private static final Path DEPLOY = deployDir();

    @Test
    void theSystemdUnitsParseAreNotifyUnitsThatStopJavicornAloneAndWaitLongerThanItsStop() throws IOException {
        for (String unit : List.of("javicorn.service", "javicorn-activated.service")) {
            String text = read(unit);
            Config config = parse(execStart(text));
            assertThat(text).as(unit).contains("Type=notify-reload\n", "NotifyAccess=main\n", "KillMode=mixed\n", "WatchdogSec=");
            assertThat(seconds(text, "TimeoutStopSec=(\\d+)s")).as(unit)
                    .isGreaterThan(config.timeouts().gracefulShutdown().plus(STUCK_WORKER));
        }
        List<String> activated = execStart(read("javicorn-activated.service"));
        assertThat(activated).as("socket activation needs no address").doesNotContain("--host", "--port", "--fd", "--uds");
        assertThat(read("javicorn-activated.service")).contains("Requires=javicorn-activated.socket");
        assertThat(read("javicorn-activated.socket")).contains("ListenStream=");
    }

    @Test
    void theImageRunsJavicornAsItsEntrypointWithItsAdminPortExposed() throws IOException {
        String dockerfile = read("Dockerfile");
        List<String> command = dockerfileCommand(dockerfile);
        Config config = parse(command);
        assertThat(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:25");
        assertThat(config.admin().host()).isEqualTo("0.0.0.0");
        assertThat(dockerfile).containsPattern("(?m)^EXPOSE .*\\b" + config.listen().port() + "\\b.*\\b" + config.admin().port() + "\\b");
    }

    @Test
    void theDeploymentProbesTheAdminPortAndGivesTheStopMoreTimeThanPreStopAndTheGrace() throws IOException {
        String yaml = read("kubernetes.yaml");
        Config image = parse(dockerfileCommand(read("Dockerfile")));
        List<String> args = jsonArray(find(yaml, "(?m)^\\s+args: (\\[.*])$"));
        List<String> entrypoint = jsonArray(find(read("Dockerfile"), "(?m)^ENTRYPOINT (\\[[^]]*])"));
        List<String> command = new ArrayList<>(entrypoint.subList(1, entrypoint.size()));
        command.addAll(args);
        parse(command);

        assertThat(find(yaml, "name: admin\\s+containerPort: (\\d+)")).isEqualTo(image.admin().port().toString());
        assertThat(yaml).containsPattern("readinessProbe:\\s+httpGet:\\s+path: /readyz\\s+port: admin")
                .containsPattern("livenessProbe:\\s+httpGet:\\s+path: /livez\\s+port: admin");
        Duration preStop = Duration.ofSeconds(Long.parseLong(find(yaml, "command: \\[\"sleep\", \"(\\d+)\"]")));
        assertThat(seconds(yaml, "terminationGracePeriodSeconds: (\\d+)"))
                .isGreaterThan(preStop.plus(image.timeouts().gracefulShutdown()).plus(STUCK_WORKER));
    }

    /** Parses javicorn's arguments as its command line does; fails the test as javicorn would fail. */
    private static Config parse(List<String> args) {
        Cli cli = new Cli();
        new CommandLine(cli).parseArgs(args.toArray(String[]::new));
        return cli.toConfig();
    }

    /** ExecStart's arguments after the program, with its continuation lines joined. */
    private static List<String> execStart(String unit) {
        String line = find(unit.replace("\\\n", " "), "(?m)^ExecStart=(.*)$");
        List<String> words = Arrays.asList(line.trim().split("\\s+"));
        assertThat(words.getFirst()).endsWith("/javicorn");
        return words.subList(1, words.size());
    }

    /** ENTRYPOINT's arguments after the program, then CMD's. */
    private static List<String> dockerfileCommand(String dockerfile) {
        List<String> entrypoint = jsonArray(find(dockerfile.replace("\\\n", " "), "(?m)^ENTRYPOINT (\\[[^]]*])"));
        assertThat(entrypoint.getFirst()).endsWith("/javicorn");
        List<String> command = new ArrayList<>(entrypoint.subList(1, entrypoint.size()));
        command.addAll(jsonArray(find(dockerfile, "(?m)^CMD (\\[[^]]*])")));
        return command;
    }

    /** A JSON array of plain strings, as Dockerfiles and these YAML flow sequences write them. */
    private static List<String> jsonArray(String array) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(array);
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static Duration seconds(String text, String regex) {
        return Duration.ofSeconds(Long.parseLong(find(text, regex)));
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/" + regex + "/ in\n" + text).isTrue();
        return m.group(1);
    }

    private static String read(String file) throws IOException {
        return Files.readString(DEPLOY.resolve(file));
    }

    /** {@code docs/deploy} at the repository root; the tests run from the module's folder. */
    private static Path deployDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/deploy"))) {
                return dir.resolve("docs/deploy");
            }
        }
        throw new IllegalStateException("docs/deploy not found above " + Path.of("").toAbsolutePath());
    }
}
