import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A main-class app that serves when first started and never listens after that: its second run
 * (a start-up cache's training) stays up until someone kills it. It keeps count with a file in
 * its working folder.
 */
public class Main {
    public static void main(String[] args) throws Exception {
        Path startedOnce = Path.of("started-once");
        if (Files.exists(startedOnce)) {
            Thread.currentThread().join(); // never returns: this run never listens
        }
        Files.createFile(startedOnce);
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("HOST"), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            byte[] body = "first start".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
}
