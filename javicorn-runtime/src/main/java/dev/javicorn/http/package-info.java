/**
 * The HTTP runtime for native apps: an {@link dev.javicorn.App} served by Jetty 12 core handlers,
 * one virtual thread per request.
 *
 * <p>{@link dev.javicorn.http.JettyServer} holds all the Jetty wiring and the lifecycle a worker
 * needs for zero-downtime restarts: accept on a socket inherited from the supervisor, stop
 * accepting while other workers keep the socket, drain in-flight requests, close.
 * {@link dev.javicorn.http.HttpOptions} carries the HTTP command-line options. The rest is
 * internal: routing, static files, the app's middleware, the request view, result conversion,
 * proxy headers. The order a request goes through them is written down in docs/architecture.md
 * ("A native app's request path") and in {@code AppHandler}.
 */
package dev.javicorn.http;
