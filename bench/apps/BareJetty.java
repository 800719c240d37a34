import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * The bare Jetty 12 peer of the throughput benchmark: the simplest idiomatic Jetty 12 core
 * handler. A {@code Handler.Abstract} (Jetty's default, blocking invocation type) on a default
 * {@code Server(port)} (a default {@code QueuedThreadPool} of platform threads, one connector),
 * writing fixed JSON bytes. No router, no JSON encoding, no virtual threads.
 *
 * <p>Run: {@code java -cp 'javicorn-runtime/target/lib/*' bench/apps/BareJetty.java PORT}
 */
public class BareJetty {
    private static final byte[] BODY = "{\"message\":\"Hello World\"}".getBytes(StandardCharsets.UTF_8);

    /** The handler, shared with BareJettyTls (the source launcher compiles both files of this folder). */
    static Handler handler() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, BODY.length);
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
            }
        };
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server(Integer.parseInt(args[0]));
        server.setHandler(handler());
        server.start();
        System.out.println("BareJetty listening on " + args[0]);
        server.join();
    }
}
