/**
 * Socket adoption: a main-class app (any framework) serves on javicorn's listening socket while
 * it believes it serves on the socket it bound itself.
 *
 * <h2>Theory of operation</h2>
 *
 * <p>The supervisor binds one listening socket and gives it to every worker as fd 0. A framework
 * app knows nothing of it: it opens a server socket and binds it, to 0.0.0.0:8080 or whatever its
 * configuration says. Every server socket of the JDK binds through one method,
 * {@code sun.nio.ch.Net.bind}: {@code ServerSocketChannel} (JDK HttpServer, Tomcat, Netty NIO,
 * Jetty, XNIO), {@code java.net.ServerSocket} (through {@code NioSocketImpl}) and
 * {@code AsynchronousServerSocketChannel}. The worker runs with {@link dev.javicorn.adopt.Agent}
 * as a {@code -javaagent}, which rewrites those classes' call sites with {@code java.lang.classfile}
 * as they load; a worker that maps an app's start-up cache has them loaded with the JVM, before
 * {@code premain}, and those are retransformed at once. At the first server socket's bind
 * (or the one on {@code --adopt-port}) the worker makes the app's descriptor a copy of fd 0 with
 * {@code dup2} and skips the bind: from then on the app's channel <em>is</em> javicorn's socket,
 * and {@code getLocalPort()} reports javicorn's port. Client sockets, datagram sockets, later
 * listeners and those on another port than {@code --adopt-port} bind as usual. When fd 0 is not
 * a listening socket (a worker of {@code --no-adopt}), the agent does nothing.
 *
 * <p>The rewritten calls go to {@link dev.javicorn.adopt.HookClass}, a class made at start and
 * defined in {@code sun.nio.ch} through {@code MethodHandles.privateLookupIn}, after
 * {@code Instrumentation.redefineModule} opened that package to the agent's module alone. It is
 * not put on the boot class path, which would turn off the JVM's class sharing, and it reaches
 * {@link dev.javicorn.adopt.Adoption} through JDK functional types, since the boot loader cannot
 * see javicorn's classes.
 *
 * <p>Three facts of a socket shared by processes shape the rest:
 * <ul>
 *   <li>The backlog is the socket's, set by the supervisor's {@code listen}; the app's
 *       {@code listen} on the adopted descriptor is skipped, or every worker start would reset it.
 *   <li>{@code O_NONBLOCK} is one flag of the socket, not of a descriptor: at adoption it is set
 *       to what the app's own socket had, and the app's later {@code configureBlocking} changes
 *       it there for every worker. The workers run the same app, so they agree; a blocking JDK
 *       accept on a non-blocking socket copes (it polls and retries on EAGAIN), while a
 *       non-blocking event loop over a blocking socket would hang in accept when another worker
 *       took the connection first.
 *   <li>{@code shutdown} of a listening socket would stop it for every worker. Closing the app's
 *       descriptor (the JDK's close, or the app's) only drops this worker's reference; nothing
 *       here shuts the socket down.
 * </ul>
 *
 * <h2>Readiness</h2>
 *
 * <p>Another worker may accept on the same socket, so a successful connect says nothing about
 * this one. A worker is ready once its app accepts on the adopted socket: the first
 * {@code Net.accept} on it (blocking acceptors: Tomcat, {@code ServerSocket}, Helidon, Jetty's
 * acceptor threads) or its registration with epoll ({@code EPoll.ctl} from the selector, the
 * poller of virtual threads or an asynchronous channel group: JDK HttpServer, Netty NIO, XNIO).
 * An app that binds no server socket (it serves on {@code Javicorn.listener()}) is ready when its
 * main returns, as before.
 *
 * <h2>Stopping</h2>
 *
 * <p>A framework's shutdown closes the connections it has taken, read or not, and a blocking
 * acceptor keeps taking them off the shared queue until then. So before the app's shutdown the
 * worker releases javicorn's socket ({@link dev.javicorn.adopt.Adoption#release}): the app's
 * descriptor becomes a copy of a loopback socket no one connects to, the platform threads that
 * accepted on it are woken out of a blocking accept (the JDK retries on the new socket), and the
 * worker waits until the connections it took have no bytes queued. What waits in the shared
 * queue goes to the other workers.
 *
 * <h2>Limits</h2>
 *
 * <p>Native code that binds on its own is out of reach: Netty's epoll and io_uring transports
 * bind in JNI, so adopted workers run with {@code -Dio.netty.transport.noNative=true}, which makes
 * Netty fall back to NIO. Socket options an app set on its own socket before the bind (buffer
 * sizes, {@code SO_REUSEPORT}) are lost with it; the shared socket has the supervisor's. A server
 * channel registered with a selector for accepts <em>before</em> it is bound would stay
 * registered on the discarded socket (Netty registers with no interest and asks for accepts after
 * the bind, which works).
 */
package dev.javicorn.adopt;
