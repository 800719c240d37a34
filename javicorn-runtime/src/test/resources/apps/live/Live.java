import dev.javicorn.App;
import dev.javicorn.Response;
import dev.javicorn.WebSocket;

/** Long-lived connections for the real-process tests: an event stream and a WebSocket echo, both saying their version. */
public class Live {
    static final String VERSION = "v1";

    public static final App app = App.create()
            .get("/", request -> VERSION)
            .get("/events", request -> Response.sse(events -> {
                while (true) {
                    events.send(VERSION);
                    Thread.sleep(100); // the blocking wait a reload or a stop must interrupt
                }
            }))
            .ws("/echo", socket -> {
                socket.send("hello from " + VERSION);
                for (WebSocket.Message message; (message = socket.receive()) != null; ) {
                    socket.send(VERSION + ": " + message.text());
                }
            });
}
