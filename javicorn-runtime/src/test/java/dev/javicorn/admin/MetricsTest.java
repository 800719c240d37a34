package dev.javicorn.admin;

import dev.javicorn.supervise.Phase;
import dev.javicorn.supervise.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The text a Prometheus server scrapes: every line well formed, every sample of a declared family. */
class MetricsTest {
    private static final String SAMPLE = "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"})? -?[0-9][0-9.E-]*";

    @Test
    void everyLineIsAWellFormedSampleOfADeclaredFamily() {
        Snapshot snapshot = new Snapshot(5_000_000_000L, Phase.RELOADING, 2, 1, Map.of("ready", 1, "starting", 1),
                Map.of(41L, new Snapshot.Requests(17, 2), 43L, new Snapshot.Requests(-1, -1)), new Snapshot.Counts(Map.of("restart", 2L), Map.of("SIGKILL", 1L, "exit \"1\"", 1L), 3,
                new Snapshot.Timings(2, 1_500_000_000L, 500_000_000L), Snapshot.Timings.NONE));

        String text = Metrics.format(snapshot, 5_250_000_000L);

        assertThat(text).doesNotContain("pid=\"43\""); // a main-class app's worker cannot tell
        Set<String> families = new HashSet<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                families.add(line.split(" ")[2]);
            } else if (!line.startsWith("# HELP ")) {
                assertThat(line).matches(SAMPLE);
                String name = line.split("[{ ]")[0];
                assertThat(families).as(line).anyMatch(f -> name.equals(f) || name.equals(f + "_count") || name.equals(f + "_sum"));
            }
        }
        assertThat(text).contains("javicorn_phase{phase=\"reloading\"} 1\n", "javicorn_phase{phase=\"ready\"} 0\n",
                "javicorn_workers{state=\"draining\"} 0\n", "javicorn_worker_crashes_total{cause=\"exit \\\"1\\\"\"} 1\n",
                "javicorn_reload_seconds_count 2\n", "javicorn_reload_seconds_sum 1.5\n", "javicorn_reload_seconds_last 0.5\n",
                "javicorn_worker_requests_served{pid=\"41\"} 17\n",
                "javicorn_worker_requests_in_flight{pid=\"41\"} 2\n", "javicorn_loop_last_turn_seconds 0.25\n",
                "javicorn_worker_failed_starts_total 3\n");
    }
}
