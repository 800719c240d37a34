package dev.javicorn.source;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces a failed Maven run's output to the one line a developer needs: the artifact that could
 * not be resolved, or the pom error with its line. Maven's own report is a dozen lines of which
 * one matters, and the reload loop shows the reason in a single log line under the last good worker.
 */
final class MavenErrors {
    // "Could not find artifact" on a first miss; once the miss is cached in ~/.m2, Maven 3.8 says
    // "Failure to find X" and Maven 3.9 "X was not found in".
    private static final Pattern MISSING =
            Pattern.compile("(?:Could not find artifact|Failure to find) (\\S+)|(\\S+) was not found in ");
    private static final Pattern TRANSFER =
            Pattern.compile("Could not transfer artifact (\\S+) from/to \\S+ \\([^)]*\\): ([^\\[]+)");
    private static final Pattern UNPARSEABLE = Pattern.compile(
            "Non-parseable POM \\S+: (.*?)(?: \\(position:.*?\\))?\\s*@ line (\\d+), column (\\d+)");
    private static final Pattern AT_LINE = Pattern.compile("(.*?)\\s*@ line (\\d+), column (\\d+)");
    private static final Pattern HELP = Pattern.compile("\\s*-> \\[Help \\d+]\\s*$");
    private static final List<String> BOILERPLATE = List.of(
            "Some problems were encountered", "The build could not read", "To see the full stack trace",
            "Re-run Maven", "For more information about the errors", "[Help ", "Failed to execute goal",
            "After correcting the problems");
    private static final Pattern PROJECT_HAS_ERRORS = Pattern.compile("The project .* has \\d+ errors?");

    private MavenErrors() {}

    /**
     * One line, without a line break, saying why Maven failed for {@code pomName}.
     *
     * @param output Maven's output, colours already stripped
     * @param exitCode Maven's exit status, named when nothing better is found
     */
    static String summarize(List<String> output, String pomName, int exitCode) {
        List<String> errors = new ArrayList<>();
        for (String line : output) {
            String body = errorBody(line);
            if (body != null && !body.isBlank()) {
                errors.add(HELP.matcher(body).replaceFirst("").strip());
            }
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String error : errors) {
            Matcher m = MISSING.matcher(error);
            while (m.find()) {
                missing.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        if (!missing.isEmpty()) {
            return "cannot resolve " + String.join(", ", missing) + " (" + pomName + ")";
        }
        for (String error : errors) {
            Matcher m = TRANSFER.matcher(error);
            if (m.find()) {
                return "cannot download " + m.group(1) + " (" + pomName + "): " + m.group(2).strip();
            }
            m = UNPARSEABLE.matcher(error);
            if (m.find()) {
                return "broken " + pomName + " at line " + m.group(2) + ", column " + m.group(3) + ": " + m.group(1).strip();
            }
        }
        for (String error : errors) {
            if (!isBoilerplate(error)) {
                Matcher m = AT_LINE.matcher(error);
                return m.matches()
                        ? pomName + " line " + m.group(2) + ": " + m.group(1).strip()
                        : pomName + ": " + error;
            }
        }
        // Goal failures carry their reason on the boilerplate line itself.
        for (String error : errors) {
            if (error.startsWith("Failed to execute goal")) {
                return pomName + ": " + error;
            }
        }
        String last = output.stream().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("no output");
        return "Maven failed with exit code " + exitCode + " (" + pomName + "): " + last;
    }

    /** The text after {@code [ERROR]} or {@code [FATAL]} (Maven sometimes doubles the tag), or null. */
    private static String errorBody(String line) {
        String rest = line;
        boolean tagged = false;
        while (rest.startsWith("[ERROR]") || rest.startsWith("[FATAL]")) {
            rest = rest.substring(7).stripLeading();
            tagged = true;
        }
        return tagged ? rest : null;
    }

    private static boolean isBoilerplate(String error) {
        return BOILERPLATE.stream().anyMatch(error::startsWith) || PROJECT_HAS_ERRORS.matcher(error).find();
    }
}
