import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;

/**
 * The app that hangs naive reloaders: a shutdown hook that blocks for a minute, a non-daemon
 * thread that never ends, a child that ignores SIGTERM and a grandchild (also ignoring SIGTERM)
 * whose parent exits at once.
 */
public class Main {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getenv("HOST"), Integer.parseInt(System.getenv("PORT"))), 0);
        server.createContext("/", exchange -> {
            byte[] body = "stubborn".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep 1000").inheritIO().start();
        new ProcessBuilder("sh", "-c", "(trap '' TERM; exec sleep 1001) & exit 0").inheritIO().start().waitFor();
        Thread forever = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    // keep going: this thread never ends
                }
            }
        }, "never-ending-worker");
        forever.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "blocking-shutdown-hook"));
        server.start();
    }
}
