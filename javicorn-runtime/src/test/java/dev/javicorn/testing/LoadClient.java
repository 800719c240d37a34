package dev.javicorn.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that sends requests one after another, each on a new connection, until stopped (or
 * until its request budget is spent), counting successes and failures. A refused connection, a
 * reset, a timeout or a non-200 answer is a failure.
 */
public final class LoadClient implements AutoCloseable {
    private final int port;
    private final String path;
    private final long maxRequests;
    private final long pauseMillis;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastBody = "";

    private LoadClient(int port, String path, long maxRequests, long pauseMillis) {
        this.port = port;
        this.path = path;
        this.maxRequests = maxRequests;
        this.pauseMillis = pauseMillis;
        this.thread = Thread.ofPlatform().daemon().name("load-client").start(this::loop);
    }

    /** As fast as it can: one request right after the other. */
    public static LoadClient start(int port, String path, long maxRequests) {
        return new LoadClient(port, path, maxRequests, 0);
    }

    /**
     * With a pause of {@code pauseMillis} after each request: still a request in flight at almost
     * every moment, but leaving the cores to the processes under test.
     */
    public static LoadClient paced(int port, String path, long pauseMillis) {
        return new LoadClient(port, path, Long.MAX_VALUE, pauseMillis);
    }

    public long ok() {
        return ok.get();
    }

    public long failed() {
        return failed.get();
    }

    public Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    public String lastBody() {
        return lastBody;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (running && ok.get() + failed.get() < maxRequests) {
            try {
                String response = request();
                int headerEnd = response.indexOf("\r\n\r\n");
                if (response.startsWith("HTTP/1.1 200") && headerEnd > 0) {
                    lastBody = response.substring(headerEnd + 4);
                    ok.incrementAndGet();
                } else {
                    fail(response.isEmpty() ? "empty response" : response.lines().findFirst().orElse(""));
                }
            } catch (IOException e) {
                fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            pause();
        }
    }

    private void pause() {
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                running = false;
            }
        }
    }

    private String request() throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readResponse(socket.getInputStream());
        }
    }

    /**
     * The response's head and, when it says its {@code Content-Length}, that many bytes of body;
     * else the body up to the end of the stream. Not waiting for the end when the length is known:
     * some servers (Helidon) close a {@code Connection: close} connection only after a while.
     */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] sofar = head.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                break;
            }
        }
        String headers = head.toString(StandardCharsets.UTF_8);
        Matcher length = CONTENT_LENGTH.matcher(headers);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    private void fail(String why) {
        failed.incrementAndGet();
        failures.merge(why, 1, Integer::sum);
    }
}
