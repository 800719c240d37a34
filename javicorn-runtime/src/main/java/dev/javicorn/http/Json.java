package dev.javicorn.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one {@link ObjectMapper} of the HTTP runtime: building a mapper is slow and it caches
 * serializers per type, so it is created once and shared. Thread-safe once configured.
 */
final class Json {
    // Fields a client adds that a record does not declare are ignored, as FastAPI's models do by
    // default: old handlers keep working when clients send more.
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().recyclerPool(bufferPool()).build())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    /**
     * Jackson's default keeps its encoding buffers (about 12 KB) in a thread local. Handlers run on
     * a new virtual thread per request, so that cache is never hit: every response allocated fresh
     * buffers and a thread-local map, 90% of the bytes allocated per JSON request. A small shared
     * pool is hit instead; it is bounded, so a burst of concurrent requests cannot grow it for good.
     */
    private static RecyclerPool<BufferRecycler> bufferPool() {
        return JsonRecyclerPools.newBoundedPool(Math.max(16, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** @throws JsonProcessingException if the value cannot be written as JSON (a bug of the handler) */
    static byte[] write(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(value);
    }

    /** @throws BadRequest if the bytes are not JSON for {@code type}, with Jackson's reason in one line */
    static <T> T read(byte[] body, Class<T> type) {
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new BadRequest("body is not valid JSON for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new BadRequest("body could not be read: " + e.getMessage(), e);
        }
    }
}
