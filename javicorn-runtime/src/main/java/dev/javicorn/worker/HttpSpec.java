package dev.javicorn.worker;

import dev.javicorn.http.Header;
import dev.javicorn.http.HttpOptions;

/**
 * The HTTP options of a native app's worker, from its spec. A main-class app serves HTTP itself
 * and never needs them, so the spec keeps plain values and they are checked here, at start-up.
 */
final class HttpSpec {
    private HttpSpec() {}

    /** @throws IllegalArgumentException naming the option whose value HttpOptions rejects */
    static HttpOptions options(WorkerSpec spec) {
        return new HttpOptions(
                spec.keepAliveTimeout(),
                spec.serverHeader(),
                spec.dateHeader(),
                spec.headers().stream().map(Header::parse).toList(),
                spec.accessLog(),
                spec.limitConcurrency(),
                spec.limitRequestBody(),
                spec.limitRequestHeaders(),
                spec.rootPath(),
                spec.proxyHeaders(),
                spec.forwardedAllowIps(),
                spec.protocols(),
                spec.webSockets());
    }
}
