package dev.javicorn.http;

import dev.javicorn.App;
import dev.javicorn.Handler;
import dev.javicorn.Request;
import dev.javicorn.Response;
import java.util.List;
import java.util.Map;

/**
 * An app's middleware around one handler call: before filters, the handler, exception handlers,
 * after filters, in that order (see {@link App#before}, {@link App#after}, {@link App#exception}).
 * Immutable; any thread, each call on the request's own thread.
 */
final class Pipeline {
    private final List<App.Before> befores;
    private final List<App.After> afters;
    private final Map<Class<? extends Exception>, App.OnException<?>> exceptionHandlers;

    Pipeline(App app) {
        this.befores = app.befores();
        this.afters = app.afters();
        this.exceptionHandlers = app.exceptionHandlers();
    }

    /** Whether requests the app has no route for (404, 405) must go through the filters too. */
    boolean hasFilters() {
        return !befores.isEmpty() || !afters.isEmpty();
    }

    /**
     * Runs {@code handler} for {@code request} with the app's middleware; returns what a handler
     * may return.
     *
     * @throws Exception what no exception handler answered, or what one of them, or an after
     *     filter, threw
     */
    Object run(Request request, Handler handler) throws Exception {
        Object result = null;
        try {
            Response early = null;
            for (App.Before before : befores) {
                early = before.handle(request);
                if (early != null) {
                    break;
                }
            }
            result = early != null ? early : handler.handle(request);
        } catch (Exception e) {
            App.OnException<Exception> answer = handlerFor(e);
            if (answer == null) {
                throw e;
            }
            result = answer.handle(e, request);
        }
        if (afters.isEmpty()) {
            return result;
        }
        Response response = Response.from(result);
        for (App.After after : afters) {
            response = after.handle(request, response);
            if (response == null) {
                throw new IllegalStateException("an app.after filter returned null instead of a response");
            }
        }
        return response;
    }

    /** The handler registered for the closest superclass of the exception's class, if any. */
    @SuppressWarnings("unchecked")
    private App.OnException<Exception> handlerFor(Exception e) {
        if (exceptionHandlers.isEmpty()) {
            return null;
        }
        for (Class<?> type = e.getClass(); type != null; type = type.getSuperclass()) {
            App.OnException<?> handler = exceptionHandlers.get(type);
            if (handler != null) {
                return (App.OnException<Exception>) handler;
            }
        }
        return null;
    }
}
