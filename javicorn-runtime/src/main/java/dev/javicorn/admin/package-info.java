/**
 * The admin endpoint: what an orchestrator or a monitoring system asks the supervisor, on an
 * address of its own ({@code --admin-port}, loopback by default), never the app's.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>{@link dev.javicorn.admin.AdminServer} is an observer of the control loop: at the end of
 * every turn (and at the moment a stop begins, before any worker is told to stop) the loop hands
 * it an immutable {@link dev.javicorn.supervise.Snapshot}, which it keeps in a volatile field. Its
 * HTTP thread (the JDK's {@code com.sun.net.httpserver}, one platform thread: the supervisor
 * does not load Jetty) answers from the last snapshot only, so a request never waits for the loop
 * and the loop never waits for a request.
 * <ul>
 *   <li>{@code /livez}: 200 while the loop turned within the last {@link dev.javicorn.admin.AdminServer#LIVE}
 *       (it turns at least once a second), else 503: the thread that owns the workers is stuck.</li>
 *   <li>{@code /readyz}: 200 while at least one worker serves and no stop has begun; 503 from the
 *       first moment of a stop, while the workers still drain, so that a load balancer stops
 *       sending before any worker stops accepting.</li>
 *   <li>{@code /metrics}: the Prometheus text format, written by hand ({@link dev.javicorn.admin.Metrics}):
 *       a client library would bring a dependency for a dozen lines of text.</li>
 * </ul>
 */
package dev.javicorn.admin;
