package dev.javicorn.admin;

import dev.javicorn.supervise.Phase;
import dev.javicorn.supervise.Snapshot;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The supervisor's metrics in the Prometheus text exposition format (version 0.0.4), written by
 * hand: a {@code # HELP} and a {@code # TYPE} line per family, then one line per series.
 * Counters count since javicorn started.
 */
final class Metrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final List<String> STATES = List.of("standby", "starting", "ready", "draining", "killed");

    private final StringBuilder out = new StringBuilder();

    private Metrics() {}

    static String format(Snapshot s, long now) {
        Metrics m = new Metrics();
        m.family("javicorn_phase", "gauge", "1 for the supervisor's current phase.");
        for (Phase phase : Phase.values()) {
            m.sample("javicorn_phase", "phase", phase.name().toLowerCase(Locale.ROOT), s.phase() == phase ? 1 : 0);
        }
        m.family("javicorn_loop_last_turn_seconds", "gauge", "Seconds since the control loop last turned.");
        m.sample("javicorn_loop_last_turn_seconds", Math.max(0, now - s.at()) / 1e9);
        m.family("javicorn_workers_desired", "gauge", "Serving workers wanted (--workers, TTIN, TTOU).");
        m.sample("javicorn_workers_desired", s.desired());
        m.family("javicorn_workers_serving", "gauge", "Workers that serve and are ready.");
        m.sample("javicorn_workers_serving", s.serving());
        m.family("javicorn_workers", "gauge", "Worker processes by state.");
        for (String state : STATES) {
            m.sample("javicorn_workers", "state", state, s.workers().getOrDefault(state, 0));
        }
        Snapshot.Counts counts = s.counts();
        m.family("javicorn_worker_exits_total", "counter", "Workers that ended after being asked to, by reason.");
        m.samples("javicorn_worker_exits_total", "reason", counts.exits());
        m.family("javicorn_worker_crashes_total", "counter", "Serving workers that ended on their own, by signal or exit status.");
        m.samples("javicorn_worker_crashes_total", "cause", counts.crashes());
        m.family("javicorn_worker_failed_starts_total", "counter", "Workers that ended, or could not be started, before they were ready.");
        m.sample("javicorn_worker_failed_starts_total", counts.failedStarts());
        m.summary("javicorn_reload_seconds", "Reloads: from the change to the first response of the new build.", counts.reloads());
        m.summary("javicorn_rolling_restart_seconds", "Rolling restarts (HUP): from the signal to the last old worker gone.",
                counts.restarts());
        m.family("javicorn_worker_requests_served", "gauge", "Requests a ready worker has served, as of its last health check.");
        s.served().forEach((pid, requests) -> {
            if (requests.served() >= 0) {
                m.sample("javicorn_worker_requests_served", "pid", pid.toString(), requests.served());
            }
        });
        m.family("javicorn_worker_requests_in_flight", "gauge", "Requests a ready worker has in flight, as of its last health check.");
        s.served().forEach((pid, requests) -> {
            if (requests.inFlight() >= 0) {
                m.sample("javicorn_worker_requests_in_flight", "pid", pid.toString(), requests.inFlight());
            }
        });
        return m.out.toString();
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void summary(String name, String help, Snapshot.Timings timings) {
        family(name, "summary", help);
        sample(name + "_count", timings.count());
        sample(name + "_sum", timings.totalNanos() / 1e9);
        family(name + "_last", "gauge", "The last one's duration, in seconds.");
        sample(name + "_last", timings.lastNanos() / 1e9);
    }

    private void samples(String name, String label, Map<String, Long> values) {
        values.forEach((value, count) -> sample(name, label, value, count));
    }

    private void sample(String name, double value) {
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private void sample(String name, String label, String labelValue, double value) {
        out.append(name).append('{').append(label).append("=\"").append(escape(labelValue)).append("\"} ")
                .append(number(value)).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
