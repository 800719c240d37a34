package dev.javicorn.http;

import dev.javicorn.log.Log;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The streamed responses being written, so that a stopping worker can end them: an event stream
 * as soon as draining starts (it would never end by itself), any other stream when the grace is
 * nearly over. Ending one interrupts the thread that produces it, once, and never after it is done:
 * that thread goes back to Jetty when the producer returns, and an interrupt meant for the stream
 * must not land there.
 */
final class OpenStreams {
    private final Set<Open> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    /**
     * Runs a stream's producer on this request's thread, after the headers are out. A producer that
     * returns, or fails because it was asked to end, ends the body cleanly; one that fails on its
     * own, or whose client went away, leaves an incomplete body, which the client can tell apart.
     */
    void send(Request request, Response response, Callback done, Reply.Stream stream) {
        StreamWriter out = new StreamWriter(response, this);
        Open open = add(stream.endsWhenDraining());
        Throwable failure = null;
        try {
            out.begin();
            stream.producer().writeTo(out);
        } catch (Throwable e) {
            if (!open.ended() && !out.clientGone()) {
                Log.error("Exception in the stream of " + request.getMethod() + " " + request.getHttpURI().getPath(), e);
            }
            failure = open.ended() && !out.clientGone() ? null : e;
        } finally {
            open.close();
        }
        if (failure == null) {
            response.write(true, BufferUtil.EMPTY_BUFFER, done);
        } else {
            done.failed(failure);
        }
    }

    /** Registers a stream produced on the calling thread; ended at once if it would have been already. */
    private Open add(boolean endsWhenDraining) {
        Open stream = new Open(Thread.currentThread(), endsWhenDraining);
        open.add(stream);
        if (draining && endsWhenDraining) {
            stream.end();
        }
        return stream;
    }

    /** Draining has begun: event streams end now, the others learn that they should finish. */
    void startDraining() {
        draining = true;
        for (Open stream : open) {
            if (stream.endsWhenDraining) {
                stream.end();
            }
        }
    }

    /** The grace is nearly over: every stream ends. Returns how many were open. */
    int endAll() {
        int count = 0;
        for (Open stream : open) {
            stream.end();
            count++;
        }
        return count;
    }

    boolean draining() {
        return draining;
    }

    /** One stream being produced. */
    final class Open {
        private final Thread producer;
        private final boolean endsWhenDraining;
        private boolean ended;
        private boolean done;

        private Open(Thread producer, boolean endsWhenDraining) {
            this.producer = producer;
            this.endsWhenDraining = endsWhenDraining;
        }

        /** Whether this stream was asked to end (its producer's exception is then the clean end). */
        synchronized boolean ended() {
            return ended;
        }

        private synchronized void end() {
            if (!ended && !done) {
                ended = true;
                producer.interrupt();
            }
        }

        /** The producer has returned; called on its thread, which leaves with no interrupt pending. */
        void close() {
            synchronized (this) {
                done = true;
            }
            open.remove(this);
            Thread.interrupted();
        }
    }
}
