import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;

/** A main-class app on the JDK's own HTTP server, told where to listen by PORT and HOST. */
public class Main {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty("javicorn.port", System.getenv("PORT")));
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("HOST"), port), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("hello from main, port " + System.getenv("PORT")).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
    }
}
