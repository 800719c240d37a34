package dev.javicorn.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Maven's failure reports, as Maven 3.8 and 3.9 print them, reduced to one line. */
class MavenErrorsTest {
    @Test
    void missingArtifactAsMaven39ReportsItFreshAndCached() {
        assertThat(summarize("""
                [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project test:app:jar:1
                [ERROR] dependency: com.example:nope:jar:1.0 (compile)
                [ERROR] \tcom.example:nope:jar:1.0 was not found in https://repo.maven.apache.org/maven2 during a previous attempt.
                [ERROR] -> [Help 1]
                """)).isEqualTo("cannot resolve com.example:nope:jar:1.0 (pom.xml)");
        assertThat(summarize("""
                [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project test:app:jar:1: \
                The following artifacts could not be resolved: com.example:nope:jar:1.0 (absent): \
                Could not find artifact com.example:nope:jar:1.0 in central (https://repo.maven.apache.org/maven2) -> [Help 1]
                """)).isEqualTo("cannot resolve com.example:nope:jar:1.0 (pom.xml)");
    }

    @Test
    void missCachedInLocalRepositoryStillNamesTheArtifact() {
        assertThat(summarize("""
                [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project test:app:jar:1: \
                Failure to find com.example:nope:jar:1.0 in https://repo.maven.apache.org/maven2 was cached in the local repository
                """)).isEqualTo("cannot resolve com.example:nope:jar:1.0 (pom.xml)");
    }

    @Test
    void missingParentIsNamed() {
        assertThat(summarize("""
                [ERROR] [ERROR] Some problems were encountered while processing the POMs:
                [FATAL] Non-resolvable parent POM for test:app:1: Could not find artifact \
                org.springframework.boot:spring-boot-starter-parent:pom:9.9.9 in central (https://repo.maven.apache.org/maven2) @ line 4, column 11
                """)).isEqualTo("cannot resolve org.springframework.boot:spring-boot-starter-parent:pom:9.9.9 (pom.xml)");
    }

    @Test
    void offlineNamesTheArtifactAndTheNetworkError() {
        assertThat(summarize("""
                [ERROR] Failed to execute goal on project app: Could not resolve dependencies for project test:app:jar:1: \
                Could not transfer artifact io.javalin:javalin:jar:7.2.3 from/to central (https://repo.maven.apache.org/maven2): \
                repo.maven.apache.org: Temporary failure in name resolution -> [Help 1]
                """)).isEqualTo("cannot download io.javalin:javalin:jar:7.2.3 (pom.xml): repo.maven.apache.org: Temporary failure in name resolution");
    }

    @Test
    void unparseablePomGivesLineAndColumn() {
        assertThat(summarize("""
                [INFO] Scanning for projects...
                [ERROR] [ERROR] Some problems were encountered while processing the POMs:
                [FATAL] Non-parseable POM /tmp/x/pom.xml: Unrecognised tag: 'oops' (position: START_TAG seen ...<oops>... @4:23)  @ line 4, column 23
                 @\s
                [ERROR] The build could not read 1 project -> [Help 1]
                """)).isEqualTo("broken pom.xml at line 4, column 23: Unrecognised tag: 'oops'");
    }

    @Test
    void modelErrorKeepsItsLine() {
        assertThat(summarize("""
                [ERROR] [ERROR] Some problems were encountered while processing the POMs:
                [ERROR] 'dependencies.dependency.version' for com.example:x:jar is missing. @ line 7, column 17
                [ERROR] The build could not read 1 project -> [Help 1]
                [ERROR]   The project test:app:1 (/tmp/x/pom.xml) has 1 error
                """)).isEqualTo("pom.xml line 7: 'dependencies.dependency.version' for com.example:x:jar is missing.");
    }

    @Test
    void unrecognisedFailureNamesTheExitCodeAndLastLine() {
        assertThat(summarize("""
                WARNING: something
                The JAVA_HOME environment variable is not defined correctly
                """)).isEqualTo("Maven failed with exit code 1 (pom.xml): The JAVA_HOME environment variable is not defined correctly");
    }

    private static String summarize(String output) {
        return MavenErrors.summarize(List.of(output.split("\n")), "pom.xml", 1);
    }
}
