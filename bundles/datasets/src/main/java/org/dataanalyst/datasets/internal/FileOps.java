package org.dataanalyst.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** File helpers: durable atomic renames, SHA-256, and the hash record kept next to an upload. */
final class FileOps {

    /** The file next to an upload recording its SHA-256: {@code <sha256> <size> <file name>}. */
    static final String UPLOAD_HASH_FILE = ".sha256";

    private FileOps() {
    }

    /** A file's SHA-256 (lower-case hex) and size. */
    record Digest(String sha256, long size) {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static String sha256Hex(String text) {
        return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hashes a file, checking {@code cancelled} between blocks. */
    static Digest digest(Path file, java.util.function.BooleanSupplier cancelled) throws IOException {
        MessageDigest sha = sha256();
        long size = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha.update(buffer, 0, n);
                size += n;
                if ((size & ((1 << 24) - 1)) < n && cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("cancelled while hashing " + file.getFileName());
                }
            }
        }
        return new Digest(hex(sha.digest()), size);
    }

    /** Flushes a file's content to disk. */
    static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Flushes a folder's entries (a rename in it) to disk, where the platform allows it. */
    static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform/file system can open a folder for syncing; the rename is atomic anyway
        }
    }

    /** Renames atomically (replacing {@code target}), falling back to a plain replace where atomic moves are refused. */
    static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
        fsyncDirectory(target.getParent());
    }

    /** Writes a small text file durably: temporary name, fsync, atomic rename. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + System.nanoTime());
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            fsync(tmp);
            moveAtomically(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Deletes a folder and everything in it, logging instead of throwing. */
    static void deleteTreeQuietly(Path folder) {
        if (!Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                deleteQuietly(p);
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(FileOps.class).warn("Cannot delete {}: {}", folder, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: a leftover temporary file is removed at the next ingest of the dataset
        }
    }

    /** The digest recorded when {@code file} was uploaded, if it is an upload and the record matches it. */
    static Optional<Digest> uploadDigest(Path file) {
        try {
            Path record = file.resolveSibling(UPLOAD_HASH_FILE);
            if (!Files.isRegularFile(record)) return Optional.empty();
            List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
            if (lines.isEmpty()) return Optional.empty();
            String[] parts = lines.get(0).split(" ", 3);
            if (parts.length != 3 || !parts[0].matches("[0-9a-f]{64}")) return Optional.empty();
            long size = Long.parseLong(parts[1]);
            if (!parts[2].equals(file.getFileName().toString()) || Files.size(file) != size) return Optional.empty();
            return Optional.of(new Digest(parts[0], size));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The content of {@link #UPLOAD_HASH_FILE} for an upload. */
    static String uploadDigestRecord(String fileName, Digest digest) {
        return digest.sha256() + " " + digest.size() + " " + fileName + "\n";
    }
}
