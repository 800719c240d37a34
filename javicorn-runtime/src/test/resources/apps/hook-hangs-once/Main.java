import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A main-class app whose first run's shutdown hook hangs, so that its first worker is killed at
 * its stop's deadline. Each run of main appends its pid to {@code starts.txt} in the working folder.
 */
public class Main {
    public static void main(String[] args) throws Exception {
        Path starts = Path.of("starts.txt");
        boolean first = !Files.exists(starts);
        Files.writeString(starts, ProcessHandle.current().pid() + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("HOST"), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            byte[] body = "edit 0".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            if (first) {
                try {
                    Thread.sleep(600_000); // the hang under test: javicorn must kill it at the deadline
                } catch (InterruptedException e) {
                    // killed long before
                }
            }
        }));
    }
}
