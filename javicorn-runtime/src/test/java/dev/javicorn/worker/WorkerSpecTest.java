package dev.javicorn.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.config.Config;
import dev.javicorn.http.Protocols;
import dev.javicorn.http.WebSocketOptions;
import dev.javicorn.tls.TlsOptions;
import dev.javicorn.log.Log;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerSpecTest {
    private static final AppTarget HELLO = AppTarget.parse("demo.Hello:app");

    @Test
    void defaultsSurviveTheCommandLine() {
        WorkerSpec spec = WorkerSpec.of(HELLO, "127.0.0.1", 8000);
        assertThat(WorkerSpec.decode(spec.encode())).isEqualTo(spec);
        assertThat(spec.forwardedAllowIps()).containsExactly("127.0.0.1");
        assertThat(spec.headers()).isEmpty();
        assertThat(spec.lifespan()).isEqualTo(Config.Lifespan.AUTO);
        assertThat(spec.appFolders()).isEmpty();
    }

    @Test
    void trickyValuesSurviveTheCommandLine() {
        Config.Http http = new Config.Http(true, "10.0.0.0/8, ::1,*", "/api/ünï",
                List.of("X-Multi: one\ntwo", "X-List: a, b,c", "X-Empty:", "X-Unicode: 日本語 ✓ = # ! \\", "  X-Lead:\tspaced\r\f "), false, true);
        WorkerSpec spec = WorkerSpec.of(AppTarget.parse("demo.Main"), "::", 0)
                .asSpare(3)
                .withSharedSocket(true)
                .withLogging(Log.Level.TRACE, true, false, Log.Format.JSON)
                .withLifespan(Config.Lifespan.OFF)
                .withHttp(http, Duration.ofMillis(1_234), 7)
                .withRequestLimits(5_000_000_000L, 4_096)
                .recording(List.of(Path.of("/app/target/classes"), Path.of("/tmp/with space, and comma")), Duration.ofSeconds(5));

        String encoded = spec.encode();

        assertThat(encoded).matches("[A-Za-z0-9_=-]+");
        assertThat(WorkerSpec.decode(encoded)).isEqualTo(spec);
        assertThat(spec.forwardedAllowIps()).containsExactly("10.0.0.0/8", "::1", "*");
        assertThat(spec.headers()).hasSize(5);
    }

    @Test
    void emptyHeadersFoldersAndRootPathSurviveTheCommandLine() {
        Config.Http http = new Config.Http(false, "*", "", List.of(), true, false);
        WorkerSpec spec = WorkerSpec.of(AppTarget.parse("demo.Main"), "0.0.0.0", 9000).withHttp(http, Duration.ofSeconds(5), 0);
        WorkerSpec decoded = WorkerSpec.decode(spec.encode());
        assertThat(decoded).isEqualTo(spec);
        assertThat(decoded.spare()).isFalse();
        assertThat(decoded.headers()).isEmpty();
        assertThat(decoded.appFolders()).isEmpty();
    }

    @Test
    void aSpecWithAMissingValueIsRejectedByName() {
        String text = "app=demo.Main\nhost=127.0.0.1\n";
        String encoded = Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> WorkerSpec.decode(encoded)).hasMessage("worker spec has no port");
    }

    @Test
    void tlsOptionsSurviveTheCommandLineWithoutThePassword() {
        TlsOptions tls = new TlsOptions(Path.of("/etc/key.pem"), Path.of("/etc/cert, chain.pem"), null, "s3cret",
                Path.of("/etc/ca.pem"), 2, List.of("TLS_AES_128_GCM_SHA256"));
        Config.Http http = new Config.Http(false, "*", "", List.of(), true, true, Protocols.H2, tls,
                new WebSocketOptions(1024, Duration.ofMillis(1_500), Duration.ofSeconds(3), false));
        WorkerSpec spec = WorkerSpec.of(HELLO, "127.0.0.1", 8443).withHttp(http, Duration.ofSeconds(5), 0);
        String encoded = spec.encode();
        assertThat(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)).doesNotContain("s3cret");
        WorkerSpec decoded = WorkerSpec.decode(encoded);
        assertThat(decoded).isEqualTo(spec);
        assertThat(decoded.tls()).isEqualTo(tls.withoutPassword());
        assertThat(decoded.tlsPasswordFollows()).isTrue();
        assertThat(decoded.protocols()).isEqualTo(Protocols.H2);
    }
}
