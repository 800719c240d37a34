package dev.javicorn.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests (the JDK's): what it receives is queued as text, "bytes:N" for
 * a binary message, and "close CODE REASON" once the server closes.
 */
public final class WsClient implements AutoCloseable {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private WsClient(URI uri) {
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();
            private int bytes;

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                bytes += data.remaining();
                if (last) {
                    received.add("bytes:" + bytes);
                    bytes = 0;
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                received.add("close " + statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                received.add("error " + error);
            }
        };
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, listener).join();
    }

    /** Opens a WebSocket to {@code ws://127.0.0.1:PORT/PATH}. */
    public static WsClient open(int port, String path) {
        return new WsClient(URI.create("ws://127.0.0.1:" + port + path));
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void send(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** What came next, within {@code timeout}; fails if nothing did. */
    public String next(Duration timeout) throws InterruptedException {
        String message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("nothing received within " + timeout);
        }
        return message;
    }

    /** Reads until the server's close arrives; returns it ("close CODE REASON"). */
    public String awaitClose(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String message = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (message.startsWith("close ") || message.startsWith("error ")) {
                return message;
            }
        }
    }

    public CompletableFuture<WebSocket> closeOutput() {
        return socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Override
    public void close() {
        socket.abort();
    }
}
