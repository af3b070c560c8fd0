package org.dataanalyst.workspace.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that encrypts every project secret, and where it came from.
 *
 * <p>It comes from the environment variable {@value #ENV} (the base64 of 32 bytes) or from a key file
 * holding the same text. A missing key file is created with 32 {@link SecureRandom} bytes, in a folder
 * of mode 0700, as a file of mode 0600. An existing key file that the group or others may access is
 * refused: whoever can read it can read every secret.
 *
 * <p>The key id (8 bytes of HMAC-SHA256 of a fixed label under the key) is stored with every secret so
 * that a secret written under another key is reported as such instead of as a damaged file; it says
 * nothing about the key itself. No message ever contains the key.
 */
final class MasterKey {

    /** The environment variable that may hold the key. */
    static final String ENV = "ANALYST_MASTER_KEY";

    /** Key length in bytes (AES-256). */
    static final int LENGTH = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final byte[] KEY_ID_LABEL = "data-analyst secrets key id v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final String id;
    private final String origin;

    private MasterKey(byte[] bytes, String origin) {
        this.key = new SecretKeySpec(bytes, "AES");
        this.origin = origin;
        this.id = idOf(key);
        Arrays.fill(bytes, (byte) 0);
    }

    /** The key for AES-GCM. */
    SecretKey key() {
        return key;
    }

    /** A short, non-secret fingerprint of the key (16 hex digits). */
    String id() {
        return id;
    }

    /** Where the key came from, for messages: the variable's name or the file's path. */
    String origin() {
        return origin;
    }

    /**
     * Reads the key from the value of {@value #ENV}.
     *
     * @throws IllegalStateException when it is not the base64 of 32 bytes (the message never shows it)
     */
    static MasterKey fromEnvironment(String value) {
        String origin = "the environment variable " + ENV;
        return new MasterKey(decode(value, origin), origin);
    }

    /**
     * Reads an existing key file.
     *
     * @throws IllegalStateException when the group or others may access it, or it holds no key
     */
    static MasterKey read(Path file) {
        checkOwnerOnly(file);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + file + ": " + e, e);
        }
        String text = new String(raw, StandardCharsets.US_ASCII);
        Arrays.fill(raw, (byte) 0);
        return new MasterKey(decode(text, "the master key file " + file), file.toString());
    }

    /**
     * Creates a new key file with 32 random bytes: written under a temporary name with mode 0600,
     * flushed, then renamed into place. A folder it has to create gets mode 0700.
     */
    static MasterKey create(Path file) {
        byte[] bytes = new byte[LENGTH];
        new SecureRandom().nextBytes(bytes);
        byte[] text = (Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path folder = file.toAbsolutePath().getParent();
        Path tmp = folder.resolve("." + file.getFileName() + ".tmp-" + Long.toHexString(new SecureRandom().nextLong()));
        try {
            createFolders(folder);
            try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    posix(folder) ? new java.nio.file.attribute.FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                            : new java.nio.file.attribute.FileAttribute<?>[0])) {
                ByteBuffer buffer = ByteBuffer.wrap(text);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (posix(folder)) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY_FILE);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            Durable.syncFolder(folder);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("cannot create the master key file " + file + ": " + e, e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
        return new MasterKey(bytes, file.toString());
    }

    /**
     * Refuses a key file that anyone but its owner may access.
     *
     * @throws IllegalStateException naming the file, its mode and the fix
     */
    static void checkOwnerOnly(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // not a POSIX file system: nothing to check
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of the master key file " + file + ": " + e, e);
        }
        for (PosixFilePermission permission : permissions) {
            if (!permission.name().startsWith("OWNER_")) {
                throw new IllegalStateException("the master key file " + file + " has mode "
                        + PosixFilePermissions.toString(permissions)
                        + ": it must be accessible by its owner only, because whoever reads it can decrypt every secret. "
                        + "Run 'chmod 600 " + file + "' and start again");
            }
        }
    }

    private static void createFolders(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        Path parent = folder.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix(parent == null ? folder : parent)) {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
            Files.setPosixFilePermissions(folder, OWNER_ONLY_FOLDER); // in case the umask took bits away
        } else {
            Files.createDirectory(folder);
        }
    }

    private static boolean posix(Path existing) {
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    private static byte[] decode(String text, String origin) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(origin + " does not hold a master key: it must be the base64 of "
                    + LENGTH + " random bytes (e.g. the output of 'head -c 32 /dev/urandom | base64')");
        }
        if (bytes.length != LENGTH) {
            int length = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalStateException(origin + " does not hold a master key: it decodes to " + length
                    + " bytes, " + LENGTH + " are needed (e.g. the output of 'head -c 32 /dev/urandom | base64')");
        }
        return bytes;
    }

    private static String idOf(SecretKey key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(KEY_ID_LABEL), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
