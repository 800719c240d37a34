import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One server on 0.0.0.0:8080 per way the JDK accepts, chosen by the first argument; each answers
 * any request with its name. "several" binds a datagram socket and a second listener first, for
 * --adopt-port 8080 to pass over them.
 */
public class Main {
    public static void main(String[] args) throws Exception {
        String kind = args[0];
        InetSocketAddress fixed = new InetSocketAddress("0.0.0.0", 8080);
        switch (kind) {
            case "blocking" -> acceptLoop(new ServerSocket(8080), kind, Thread.ofPlatform());
            case "virtual" -> acceptLoop(new ServerSocket(8080), kind, Thread.ofVirtual()).join();
            case "several" -> {
                try (DatagramSocket udp = new DatagramSocket(0)) {
                    acceptLoop(new ServerSocket(0), "other listener", Thread.ofPlatform());
                    acceptLoop(new ServerSocket(8080), kind, Thread.ofPlatform());
                }
            }
            case "async" -> {
                AsynchronousServerSocketChannel channel = AsynchronousServerSocketChannel.open().bind(fixed);
                channel.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
                    public void completed(AsynchronousSocketChannel client, Void none) {
                        channel.accept(null, this);
                        try (client) {
                            client.read(ByteBuffer.allocate(8192)).get();
                            client.write(ByteBuffer.wrap(response(kind))).get();
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    }

                    public void failed(Throwable failure, Void none) {
                        failure.printStackTrace();
                    }
                });
                Thread.currentThread().join();
            }
            case "selector" -> {
                // Netty's order: non-blocking, registered with no interest, bound, then OP_ACCEPT.
                Selector selector = Selector.open();
                ServerSocketChannel channel = ServerSocketChannel.open();
                channel.configureBlocking(false);
                SelectionKey key = channel.register(selector, 0);
                channel.bind(fixed);
                key.interestOps(SelectionKey.OP_ACCEPT);
                while (true) {
                    selector.select();
                    selector.selectedKeys().clear();
                    SocketChannel client = channel.accept();
                    if (client != null) {
                        client.configureBlocking(true);
                        answer(client.socket(), kind);
                    }
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private static Thread acceptLoop(ServerSocket server, String name, Thread.Builder threads) {
        return threads.start(() -> {
            while (true) {
                try {
                    answer(server.accept(), name);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private static void answer(Socket client, String name) {
        try (client) {
            client.getInputStream().read(new byte[8192]);
            client.getOutputStream().write(response(name));
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    private static byte[] response(String name) {
        return ("HTTP/1.1 200 OK\r\nContent-Length: " + name.length() + "\r\nConnection: close\r\n\r\n" + name)
                .getBytes(StandardCharsets.US_ASCII);
    }
}
