package dev.javicorn.http;

import dev.javicorn.BodyStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.FutureCallback;

/**
 * A streamed body written through Jetty: each write is sent at once and waited for (see
 * {@link Writes}), which is the back-pressure.
 */
final class StreamWriter implements BodyStream {
    private final Response response;
    private final OpenStreams streams;
    private boolean clientGone;

    StreamWriter(Response response, OpenStreams streams) {
        this.response = response;
        this.streams = streams;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        send(ByteBuffer.wrap(bytes), false);
    }

    /** Sends the headers now, so that the client learns the stream has begun before its first write. */
    void begin() throws IOException {
        send(ByteBuffer.allocate(0), false);
    }

    @Override
    public boolean stopping() {
        return streams.draining();
    }

    /** Whether a write failed because the connection is gone. */
    boolean clientGone() {
        return clientGone;
    }

    private void send(ByteBuffer bytes, boolean last) throws IOException {
        if (clientGone) {
            throw new IOException("the client has gone away");
        }
        FutureCallback written = new FutureCallback();
        response.write(last, bytes, written);
        try {
            Writes.await(written, "the client has gone away");
        } catch (IOException e) {
            clientGone = true;
            throw e;
        }
    }
}
