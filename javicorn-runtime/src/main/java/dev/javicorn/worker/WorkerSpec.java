package dev.javicorn.worker;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a worker needs to know, passed from the supervisor as one command-line argument.
 *
 * <p>A flat string map keeps the worker's side free of any library: a main-class worker has only
 * javicorn's own classes and the app's on its classpath.
 *
 * @param values option name to value; names are those of the command line without dashes
 */
public record WorkerSpec(Map<String, String> values) {
    public WorkerSpec {
        values = Map.copyOf(values);
    }

    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("worker spec has no " + name);
        }
        return value;
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** This spec with one more value. */
    public WorkerSpec with(String name, String value) {
        Map<String, String> more = new TreeMap<>(values);
        more.put(name, value);
        return new WorkerSpec(more);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(get(name, "false"));
    }

    public String encode() {
        Properties properties = new Properties();
        properties.putAll(new TreeMap<>(values));
        StringWriter text = new StringWriter();
        try {
            properties.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getUrlEncoder().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static WorkerSpec decode(String encoded) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> values.put((String) k, (String) v));
        return new WorkerSpec(values);
    }
}
