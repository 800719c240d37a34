/**
 * TLS key material for native apps, read with the JDK alone: PEM keys and certificate chains as
 * uvicorn takes them ({@code --ssl-keyfile}, {@code --ssl-certfile}), or a PKCS#12 keystore
 * ({@code --ssl-keystore}), turned into in-memory key stores that {@code http.JettyServer} hands
 * to Jetty.
 *
 * <p>Theory of operation: the supervisor loads everything once before it starts a worker, only to
 * turn bad input into one line and exit 1; each worker then loads the files again itself when it
 * starts serving, so a rolling restart ({@code HUP}) picks up renewed certificates. The key's
 * password reaches a worker over its control channel ({@code process.Control.TlsPassword}), never
 * in its command line or environment, which other local users can read.
 */
package dev.javicorn.tls;
