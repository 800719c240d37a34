package dev.javicorn.internal.pool;

import java.util.concurrent.CompletableFuture;

/** A task already serialized on the submitting thread, and the future its reply completes. */
record Job(byte[] payload, CompletableFuture<Object> future) {}
