package dev.javicorn.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlTest {
    @Test
    void everyMessageToAWorkerSurvivesTheWire() {
        for (Control.ToWorker message : List.of(new Control.Go(), new Control.Stop(Duration.ofMillis(12_345), false),
                new Control.Stop(Duration.ofMillis(3_000), true),
                new Control.Ping(), new Control.Dump(), new Control.TlsPassword("pä ss\nword: with = all"))) {
            assertThat(Control.toWorker(Control.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void everyMessageToTheSupervisorSurvivesTheWire() {
        for (Control.ToSupervisor message : List.of(new Control.Warm(), new Control.Pool(3), new Control.Ready(),
                new Control.EndingRecording(), new Control.Recorded(), new Control.Exiting(),
                new Control.Pong(42), new Control.Pong(-1), new Control.Pong(42, 3), new Control.Failed("no class Foo: it is gone"),
                new Control.Threads("\"main\" RUNNABLE\n    at Café.run(Café.java:1)\n\n日本語 ✓\n"),
                new Control.Threads(""), new Control.Deadlock("\"a\" BLOCKED on x held by \"b\"\n    at A.lock(A.java:3)\n"))) {
            assertThat(Control.toSupervisor(Control.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void everyEncodingIsOneLine() {
        for (Control message : List.of(new Control.Threads("a\nb\r\nc"), new Control.Failed("a\nb\r\nc"))) {
            assertThat(Control.encode(message)).doesNotContain("\n", "\r");
        }
    }

    @Test
    void aFailureReasonWithNewlinesArrivesAsOneLine() {
        Control decoded = Control.toSupervisor(Control.encode(new Control.Failed("startup failed:\nbad port\r\n")));
        assertThat(decoded).isEqualTo(new Control.Failed("startup failed: bad port  "));
    }

    @Test
    void stopKeepsItsGraceToTheMillisecond() {
        assertThat(Control.encode(new Control.Stop(Duration.ofMillis(1_500), false))).isEqualTo("STOP 1500");
        assertThat(Control.encode(new Control.Stop(Duration.ofMillis(1_500), true))).isEqualTo("STOP 1500 restart");
        assertThat(Control.toWorker("STOP 0")).isEqualTo(new Control.Stop(Duration.ZERO, false));
    }

    @Test
    void linesThisBuildDoesNotKnowDecodeToUnknown() {
        for (String line : List.of("", "HELLO", "go", "STOP", "STOP soon", "STOP 1.5", "WARM", "READY")) {
            assertThat(Control.toWorker(line)).isEqualTo(new Control.Unknown(line));
        }
        for (String line : List.of("", "HELLO", "POOL", "POOL many", "PONG x", "THREADS !!not-base64!!", "GO", "DUMP")) {
            assertThat(Control.toSupervisor(line)).isEqualTo(new Control.Unknown(line));
        }
    }
}
