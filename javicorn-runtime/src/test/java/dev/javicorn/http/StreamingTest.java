package dev.javicorn.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javicorn.App;
import dev.javicorn.Response;
import dev.javicorn.testing.Wait;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Streamed responses and Server-Sent Events: sent as produced, counted as requests, and ended
 * cleanly when the server drains (an event stream at once, any other stream near the grace's end).
 */
class StreamingTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean stoppingSeen = new AtomicBoolean();
    private final App app = App.create()
            .get("/", req -> "hello")
            .get("/two", req -> Response.stream("text/plain", out -> {
                out.write("one\n");
                release.await();
                out.write("two\n");
            }))
            .get("/events", req -> Response.sse(events -> {
                events.send("plain");
                events.send("tick", "line 1\nline 2");
                events.send("7", "named", "with id");
                events.comment("keep-alive");
            }))
            // The producers below block in Thread.sleep between writes, as the docs' examples do:
            // that a stop ends such a wait (by interrupting it) is what these tests check.
            .get("/ticks", req -> Response.sse(events -> {
                while (true) {
                    events.send("tick");
                    Thread.sleep(50);
                }
            }))
            .get("/export", req -> Response.stream("text/plain", out -> {
                try {
                    while (true) {
                        out.write("row\n");
                        Thread.sleep(50);
                    }
                } finally {
                    stoppingSeen.set(out.stopping());
                }
            }))
            .get("/broken", req -> Response.stream("text/plain", out -> {
                out.write("partial\n");
                throw new IllegalStateException("the export failed");
            }));

    @Test
    void aStreamIsSentAsItIsWrittenAndEndsWhenItsProducerReturns() {
        try (JettyServer server = Http.serve(app)) {
            HttpResponse<Stream<String>> response = Http.lines(server, "/two");
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).as("sent before the producer goes on").isEqualTo("one");

            release.countDown();
            assertThat(lines.next()).isEqualTo("two");
            assertThat(lines.hasNext()).isFalse();
            assertThat(response.headers().firstValue("content-type")).hasValue("text/plain");
        } finally {
            release.countDown();
        }
    }

    @Test
    void withGzipOnAnEventStreamIsStillSentAsItIsProduced() {
        CountDownLatch more = new CountDownLatch(1);
        App gzipped = App.create().gzip(32).get("/ticks", req -> Response.sse(events -> {
            events.send("first");
            more.await();
            events.send("second");
        }));
        try (JettyServer server = Http.serve(gzipped)) {
            HttpResponse<Stream<String>> response = Http.lines(server, "/ticks");
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).as("not held back by the compressor").isEqualTo("data: first");
            more.countDown();
            assertThat(lines.next()).isEmpty();
            assertThat(lines.next()).isEqualTo("data: second");
        } finally {
            more.countDown();
        }
    }

    @Test
    void eventsAreSentInTheEventStreamFormat() {
        try (JettyServer server = Http.serve(app)) {
            HttpResponse<String> response = Http.get(server, "/events");

            assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
            assertThat(response.headers().firstValue("cache-control")).hasValue("no-cache");
            assertThat(response.body()).isEqualTo("""
                    data: plain

                    event: tick
                    data: line 1
                    data: line 2

                    id: 7
                    event: named
                    data: with id

                    : keep-alive

                    """);
        }
    }

    @Test
    void anEventStreamEndsCleanlyAsSoonAsTheServerDrains() throws Exception {
        try (JettyServer server = Http.serve(app)) {
            HttpResponse<Stream<String>> response = Http.lines(server, "/ticks");
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).isEqualTo("data: tick");

            long start = System.nanoTime();
            server.stopAccepting();
            assertThat(server.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not held for the grace").isLessThan(Duration.ofSeconds(5));
            // The rest of the stream, up to a clean end: a reset would throw here.
            lines.forEachRemaining(line -> assertThat(line).isIn("data: tick", ""));
        }
    }

    @Test
    void aPlainStreamKeepsTheGraceAndIsEndedCleanlyNearItsEnd() throws Exception {
        try (JettyServer server = Http.serve(app)) {
            HttpResponse<Stream<String>> response = Http.lines(server, "/export");
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).isEqualTo("row");

            long start = System.nanoTime();
            server.stopAccepting();
            assertThat(server.awaitIdle(Duration.ofSeconds(2))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1200));
            lines.forEachRemaining(line -> assertThat(line).isEqualTo("row"));
            assertThat(stoppingSeen).as("the producer was told the server stops").isTrue();
        }
    }

    @Test
    void aStreamIsARequestInFlightUntilItEndsAndItsClientLeavingEndsIt() {
        HttpOptions options = HttpOptions.defaults().withAccessLog(false).withLimitConcurrency(1);
        try (JettyServer server = JettyServer.start(app, options, null)) {
            HttpResponse<Stream<String>> response = Http.lines(server, "/ticks");
            assertThat(response.body().iterator().next()).isEqualTo("data: tick");
            assertThat(server.inFlight()).isEqualTo(1);
            assertThat(Http.get(server, "/").statusCode()).as("over the limit of 1").isEqualTo(503);

            response.body().close(); // the client leaves: the next send fails and the stream is over
            Wait.until(() -> server.inFlight() == 0, Duration.ofSeconds(10), () -> "still in flight: " + server.inFlight());
            assertThat(Http.get(server, "/").body()).isEqualTo("hello");
        }
    }

    @Test
    void aProducerThatFailsLeavesTheBodyIncomplete() {
        try (JettyServer server = Http.serve(app)) {
            HttpResponse<Stream<String>> response = Http.lines(server, "/broken");
            Iterator<String> lines = response.body().iterator();
            assertThat(lines.next()).isEqualTo("partial");
            assertThatThrownBy(lines::hasNext).as("no clean end").isInstanceOf(UncheckedIOException.class);
            Wait.until(() -> server.inFlight() == 0, Duration.ofSeconds(10), () -> "still in flight");
        }
    }

    @Test
    void anEventWithALineBreakInItsNameIsRefused() throws Exception {
        List<Throwable> caught = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        App named = App.create().get("/", req -> Response.sse(events -> {
            try {
                events.send("a\nb", "data");
            } catch (IllegalArgumentException e) {
                caught.add(e);
            } finally {
                done.countDown();
            }
        }));
        try (JettyServer server = Http.serve(named)) {
            assertThat(Http.get(server, "/").body()).isEmpty();
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(caught).singleElement().extracting(Throwable::getMessage).isEqualTo("an event's event holds a line break");
        }
    }
}
