package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javicorn.App;
import dev.javicorn.testing.Wait;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    @Test
    void handlersRunOnVirtualThreads() {
        App app = App.create().get("/", req -> String.valueOf(Thread.currentThread().isVirtual()));
        try (JettyServer server = Http.serve(app)) {
            assertThat(Http.get(server, "/").body()).isEqualTo("true");
        }
    }

    @Test
    void blockedHandlersDoNotHoldUpOtherRequests() throws Exception {
        int blocked = 300;
        CountDownLatch entered = new CountDownLatch(blocked);
        CountDownLatch release = new CountDownLatch(1);
        App app = App.create()
                .get("/slow", req -> {
                    entered.countDown();
                    release.await();
                    return "slow";
                })
                .get("/fast", req -> "fast");
        try (JettyServer server = Http.serve(app)) {
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < blocked; i++) {
                slow.add(Http.sendAsync(server, "/slow"));
            }
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("all slow handlers running at once").isTrue();
            assertThat(Http.get(server, "/fast").body()).isEqualTo("fast");
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> response : slow) {
                assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void requestsAboveTheLimitAre503AtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        App app = App.create().get("/", req -> {
            entered.countDown();
            release.await();
            return "done";
        });
        HttpOptions options = HttpOptions.defaults().withAccessLog(false).withLimitConcurrency(1);
        try (JettyServer server = JettyServer.start(app, options, null)) {
            CompletableFuture<HttpResponse<String>> first = Http.sendAsync(server, "/");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.inFlight()).isEqualTo(1);

            HttpResponse<String> rejected = Http.get(server, "/");
            assertThat(rejected.statusCode()).isEqualTo(503);
            assertThat(rejected.body()).isEqualTo("Service Unavailable");

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
            // The client may see the response a moment before the handler's slot is given back.
            Wait.until(() -> server.inFlight() == 0, Duration.ofSeconds(10), () -> "first request still in flight");
            assertThat(Http.get(server, "/").statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
        }
    }
}
