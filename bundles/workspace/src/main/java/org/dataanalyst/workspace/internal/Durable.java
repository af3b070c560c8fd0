package org.dataanalyst.workspace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/** Crash-safe file writes: temporary name, fsync, atomic rename, fsync of the folder. */
final class Durable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Durable() {
    }

    /** The prefix of temporary files: a dot, so they never match a listing of real entries. */
    static String tmpName(String name) {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        return "." + name + ".tmp-" + HexFormat.of().formatHex(suffix);
    }

    /**
     * Replaces {@code target} with {@code bytes} in one step: a reader sees the old or the new content,
     * never a part. On a POSIX file system the file has mode 0600 from its creation on.
     */
    static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        Path folder = target.getParent();
        Path tmp = folder.resolve(tmpName(target.getFileName().toString()));
        boolean posix = Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null;
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(ownerOnly)}
                : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix) {
                Files.setPosixFilePermissions(tmp, ownerOnly);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        syncFolder(folder);
    }

    /** Flushes a folder's entries (new files, renames, deletions) to disk where the platform allows it. */
    static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot sync a folder; the rename itself is still atomic
        }
    }
}
