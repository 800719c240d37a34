package dev.javicorn.http;

import dev.javicorn.Request;
import dev.javicorn.WebSocket;
import dev.javicorn.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One WebSocket connection, as an app's handler sees it ({@link WebSocket}) and as Jetty drives it
 * ({@link Session.Listener}). Jetty delivers one event per {@code demand()}; this asks for the next
 * one as long as fewer than {@value #INBOX} messages wait for the handler, so control frames (a
 * close, a pong) keep flowing while a handler works, and a client that sends faster than the
 * handler reads is held back by TCP instead of filling memory.
 *
 * <p>Public only because Jetty calls the listener methods through method handles of its own.
 */
public final class SocketSession implements Session.Listener, WebSocket {
    private static final int INBOX = 16;
    private static final Object CLOSED = new Object();

    private final WebSocket.Handler handler;
    private final Request request;
    private final WebSockets sockets;
    private final Runnable finished;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean demandHeld = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Session session;
    private volatile boolean closed;
    /** When the unanswered ping was sent (System.nanoTime), 0 when none is. */
    private volatile long pingSentAt;

    /** @param finished run once the connection is over: the upgrade request is then served */
    SocketSession(WebSocket.Handler handler, Request request, WebSockets sockets, Runnable finished) {
        this.handler = handler;
        this.request = request;
        this.sockets = sockets;
        this.finished = finished;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        session = opened;
        sockets.opened(this);
        opened.demand();
        Thread.ofVirtual().name("javicorn-ws-" + request.path()).start(this::run);
    }

    private void run() {
        int code = StatusCode.NORMAL;
        String reason = "";
        try {
            handler.handle(this);
        } catch (Exception e) {
            if (!closed) {
                Log.error("Exception in the WebSocket handler of " + request.path(), e);
                code = StatusCode.SERVER_ERROR;
                reason = "Internal Server Error";
            }
        }
        close(code, reason);
    }

    @Override
    public void onWebSocketText(String text) {
        arrived(Message.text(text));
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        arrived(Message.binary(bytes));
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.demand(); // Jetty has answered it
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        pingSentAt = 0;
        session.demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        end();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        end();
    }

    private void arrived(Message message) {
        inbox.add(message);
        if (inbox.size() < INBOX) {
            session.demand();
        } else {
            demandHeld.set(true);
        }
    }

    /** The connection is over, whichever side ended it: the handler's receive returns null. */
    private void end() {
        closed = true;
        inbox.add(CLOSED);
        if (ended.compareAndSet(false, true)) {
            sockets.closed(this);
            finished.run();
        }
    }

    @Override
    public Message receive() throws InterruptedException {
        Object next = inbox.take();
        if (next == CLOSED) {
            inbox.add(CLOSED); // every later receive returns null too
            return null;
        }
        if (demandHeld.compareAndSet(true, false)) {
            session.demand();
        }
        return (Message) next;
    }

    @Override
    public void send(String text) throws IOException {
        Callback.Completable sent = new Callback.Completable();
        session.sendText(text, sent);
        Writes.await(sent, "the WebSocket is closed");
    }

    @Override
    public void send(byte[] bytes) throws IOException {
        Callback.Completable sent = new Callback.Completable();
        session.sendBinary(ByteBuffer.wrap(bytes.clone()), sent);
        Writes.await(sent, "the WebSocket is closed");
    }

    @Override
    public void close(int code, String reason) {
        Session open = session;
        if (open != null && open.isOpen()) {
            open.close(code, reason, Callback.NOOP);
        }
    }

    @Override
    public Request request() {
        return request;
    }

    @Override
    public boolean stopping() {
        return sockets.draining();
    }

    /** Sends a ping, or closes the connection if the last one is still unanswered after {@code timeoutNanos}. */
    void ping(long now, long timeoutNanos) {
        long sent = pingSentAt;
        if (sent != 0) {
            if (now - sent >= timeoutNanos) {
                close(StatusCode.SERVER_ERROR, "keepalive ping timeout");
            }
            return;
        }
        pingSentAt = now == 0 ? 1 : now;
        session.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
}
