package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

/**
 * The SHA-256 of a source file, computed on a thread of its own while the connector reads the file, so
 * that the hash adds no pass of its own to an ingest (the engine and the hash read the same pages of the
 * operating system's cache). {@link #await} returns it; {@link #close} stops a hash nobody waits for any
 * more (a failed or cancelled read) and waits until its thread has let go of the file.
 */
final class BackgroundDigest implements AutoCloseable {

    private final FutureTask<FileOps.Digest> task;
    private final Thread thread;
    private volatile boolean stopped;
    private final long startNanos = System.nanoTime();
    private volatile long nanos;

    /**
     * Starts hashing.
     *
     * @param file       the file
     * @param cancelled  whether the run was cancelled (checked between blocks)
     * @param threadName the hashing thread's name
     */
    BackgroundDigest(Path file, BooleanSupplier cancelled, String threadName) {
        task = new FutureTask<>(() -> {
            try {
                return FileOps.digest(file, () -> stopped || cancelled.getAsBoolean());
            } finally {
                nanos = System.nanoTime() - startNanos;
            }
        });
        thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits for the hash.
     *
     * @return the file's SHA-256 and size
     * @throws IOException           when the file could not be read
     * @throws CancellationException when the run was cancelled (or this thread interrupted) meanwhile
     */
    FileOps.Digest await() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while hashing the source file");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof UncheckedIOException io) throw io.getCause();
            if (cause instanceof RuntimeException runtime) throw runtime;
            if (cause instanceof Error error) throw error;
            throw new IOException(cause);
        }
    }

    /** @return the seconds the hash took (wall clock), once it has ended */
    double seconds() {
        return nanos / 1e9;
    }

    /** Stops the hash if it is still running and waits for its thread to end. */
    @Override
    public void close() {
        stopped = true;
        boolean interrupted = Thread.interrupted();
        try {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
