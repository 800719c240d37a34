package dev.javicorn.http;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the health probe that arrives through the in-memory connector, in front of the app:
 * the probe is dispatched like any request (same handler chain, a virtual thread of the same
 * scheduler), so a worker whose request threads are all stuck cannot answer it; but it is neither
 * routed to the app, nor counted, nor logged.
 *
 * <p>Dynamic (its app may be set while Jetty runs), which makes Jetty treat the chain as blocking:
 * it is, since the app handler runs on virtual threads.
 */
final class HealthHandler extends Handler.Wrapper {
    private final Connector probes;

    /** With no app behind it yet: it is given one, on a running server, with {@code setHandler}. */
    HealthHandler(Connector probes) {
        super(true);
        this.probes = probes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() == probes) {
            // The in-memory connector runs handlers on the thread that feeds it, a platform thread: the
            // probe must also see a virtual thread of the request scheduler run, or a worker whose
            // carriers are all busy (a handler spinning on each) would still look healthy. Answered
            // here, on this thread, once it has: Jetty's request state is not to be completed from
            // elsewhere while this call is still on the stack.
            Thread.ofVirtual().name("javicorn-health-probe").start(() -> { }).join();
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        return super.handle(request, response, callback);
    }
}
