import dev.javicorn.App;
import dev.javicorn.http.HttpOptions;
import dev.javicorn.http.JettyServer;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;

/**
 * The throughput benchmark's javicorn app served in one JVM, with no supervisor and no worker
 * process around it: javicorn's HTTP runtime (Jetty, the App router, Jackson) on 127.0.0.1:PORT,
 * accepting on a socket opened here as a worker accepts on the supervisor's.
 *
 * <p>Run: {@code java -XX:+UseSerialGC -cp 'javicorn-runtime/target/javicorn-runtime.jar:javicorn-runtime/target/lib/*' bench/sessions/InProcHello.java PORT}
 */
public class InProcHello {
    public static void main(String[] args) throws Exception {
        ServerSocketChannel socket = ServerSocketChannel.open();
        socket.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 2048);
        App app = App.create().get("/", request -> Map.of("message", "Hello World"));
        JettyServer.start(app, HttpOptions.defaults().withAccessLog(false), socket);
        Thread.sleep(Long.MAX_VALUE);
    }
}
