package dev.javicorn.worker;

import dev.javicorn.http.Header;
import dev.javicorn.http.HttpOptions;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The HTTP options of a worker spec, to and from their string form. */
final class HttpSpec {
    private HttpSpec() {}

    static HttpOptions options(WorkerSpec spec) {
        List<Header> headers = spec.get("header", "").isEmpty() ? List.of()
                : Arrays.stream(spec.get("header").split("\n")).map(Header::parse).toList();
        return new HttpOptions(
                Duration.ofMillis(Long.parseLong(spec.get("timeout-keep-alive", "5000"))),
                spec.flag("server-header"),
                spec.flag("date-header"),
                headers,
                spec.flag("access-log"),
                Integer.parseInt(spec.get("limit-concurrency", "0")),
                spec.get("root-path", ""),
                spec.flag("proxy-headers"),
                Arrays.stream(spec.get("forwarded-allow-ips", "127.0.0.1").split(",")).map(String::strip).toList());
    }
}
