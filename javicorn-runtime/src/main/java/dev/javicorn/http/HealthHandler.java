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
 */
final class HealthHandler extends Handler.Wrapper {
    private final Connector probes;

    HealthHandler(Handler app, Connector probes) {
        super(app);
        this.probes = probes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (request.getConnectionMetaData().getConnector() == probes) {
            response.setStatus(204);
            callback.succeeded();
            return true;
        }
        return super.handle(request, response, callback);
    }
}
