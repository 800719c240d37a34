import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A main-class app that writes down each run of its main: a line with its pid, appended to
 * {@code starts.txt} in its working folder. Its answer says which edit it runs.
 */
public class Main {
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of("starts.txt"), ProcessHandle.current().pid() + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("HOST"), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            byte[] body = "edit 0".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
}
