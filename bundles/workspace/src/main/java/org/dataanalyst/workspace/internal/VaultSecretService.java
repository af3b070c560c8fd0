package org.dataanalyst.workspace.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Platform;
import org.dataanalyst.api.project.ProjectService;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.api.secret.SecretService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets vault: one file per secret, {@code <workspace>/secrets/<name>.secret}, encrypted with
 * AES-256-GCM under the {@link MasterKey master key}.
 *
 * <p>Every write draws a fresh 12-byte IV and binds the ciphertext to its project and name through
 * the associated data, so a file copied to another name or project does not decrypt. Files are JSON
 * (format, algorithm, key id, IV, ciphertext, created and updated times), mode 0600, written under a
 * temporary name, flushed and renamed into place. Values never appear in a log line or an exception.
 */
@Component(service = SecretService.class, configurationPid = VaultSecretService.PID)
@Designate(ocd = VaultSecretService.Config.class)
public final class VaultSecretService implements SecretService {

    /** The configuration PID. */
    public static final String PID = "org.dataanalyst.secrets";

    /** The folder of a workspace that holds the secrets. */
    static final String FOLDER = "secrets";

    /** The extension of a secret's file. */
    static final String EXTENSION = ".secret";

    /** The default master key file, relative to the data folder. */
    static final String DEFAULT_KEY_FILE = "keys/master.key";

    /** Largest value, in UTF-8 bytes. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;

    static final int FORMAT = 1;
    static final String ALGORITHM = "AES-256-GCM";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AAD_LABEL = "data-analyst secret v1";

    private static final Logger LOG = LoggerFactory.getLogger(VaultSecretService.class);

    @ObjectClassDefinition(name = "data-analyst secrets",
            description = "The vault of project secrets (database passwords…), encrypted with AES-256-GCM.")
    public @interface Config {
        @AttributeDefinition(name = "Master key file", required = false,
                description = "File holding the master key (base64 of 32 bytes; created with mode 0600 when missing). "
                        + "Empty: <data>/keys/master.key. Relative paths resolve against the data folder. It must not "
                        + "lie inside <data>/projects. Ignored when the environment variable ANALYST_MASTER_KEY is set.")
        String master__key__file() default "";
    }

    /** What a secret's file holds. */
    record SecretFile(int format, String algorithm, String keyId, String iv, String ciphertext, String createdAt,
                      String updatedAt) {
    }

    private final ProjectService projects;
    private final Path keyFile;
    private final MasterKey fixedKey;
    private volatile MasterKey fileKey;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** DS activation: the data folder comes from the framework property {@code analyst.data}. */
    @Activate
    public VaultSecretService(@Reference ProjectService projects, BundleContext context, Config config) {
        this(projects, Platform.dataDirectory(context::getProperty), config.master__key__file(), System.getenv());
    }

    /**
     * A vault over the projects of {@code dataDir}.
     *
     * @param keyFileSetting the {@code master_key_file} setting; empty for {@code <data>/keys/master.key}
     * @param environment    the process environment, read for {@value MasterKey#ENV}
     * @throws IllegalStateException when the key in the environment is malformed, the key file lies inside
     *                               the projects folder, or an existing key file is accessible by others
     */
    public VaultSecretService(ProjectService projects, Path dataDir, String keyFileSetting, Map<String, String> environment) {
        this.projects = Objects.requireNonNull(projects, "projects");
        Path data = dataDir.toAbsolutePath().normalize();
        String fromEnvironment = environment.get(MasterKey.ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            this.fixedKey = MasterKey.fromEnvironment(fromEnvironment);
            this.keyFile = null;
            LOG.info("Secrets are encrypted with the master key from {} (key id {})", MasterKey.ENV, fixedKey.id());
            return;
        }
        this.fixedKey = null;
        String setting = keyFileSetting == null || keyFileSetting.isBlank() ? DEFAULT_KEY_FILE : keyFileSetting.strip();
        this.keyFile = data.resolve(setting).normalize();
        if (keyFile.startsWith(data.resolve("projects"))) {
            throw new IllegalStateException("master_key_file " + keyFile + " lies inside the projects folder "
                    + data.resolve("projects") + ", next to the secrets it protects; choose a file outside it (default "
                    + data.resolve(DEFAULT_KEY_FILE) + ")");
        }
        if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
            fileKey = MasterKey.read(keyFile); // refuses to start on a key file others may read
            LOG.info("Secrets are encrypted with the master key in {} (key id {})", keyFile, fileKey.id());
        }
    }

    /** The key file in use, or {@code null} when the key comes from the environment. */
    Path keyFile() {
        return keyFile;
    }

    /** The master key; the key file is created at the first use when it does not exist. */
    private MasterKey key() {
        if (fixedKey != null) {
            return fixedKey;
        }
        MasterKey key = fileKey;
        if (key == null) {
            synchronized (this) {
                key = fileKey;
                if (key == null) {
                    if (Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS)) {
                        key = MasterKey.read(keyFile);
                    } else {
                        key = MasterKey.create(keyFile);
                        LOG.info("Created the master key file {} (key id {}); back it up: without it no secret can be read",
                                keyFile, key.id());
                    }
                    fileKey = key;
                }
            }
        }
        return key;
    }

    // --- SecretService ---

    @Override
    public SecretInfo put(String projectId, String name, String value) {
        checkName(name);
        byte[] plain = checkValue(value);
        try {
            Path folder = secretsFolder(projectId, true);
            Path file = folder.resolve(name + EXTENSION);
            synchronized (lock(projectId, name)) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                Instant created = now;
                boolean replacing = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
                if (replacing) {
                    try {
                        SecretFile previous = readIfExists(file, projectId, name);
                        created = instant(previous.createdAt(), file);
                        Instant previousUpdate = instant(previous.updatedAt(), file);
                        if (!now.isAfter(previousUpdate)) {
                            now = previousUpdate.plus(1, ChronoUnit.MICROS);
                        }
                    } catch (IllegalStateException | NullPointerException damaged) {
                        LOG.warn("The secret file {} was damaged; it is replaced and counts as new", file);
                    }
                }
                MasterKey key = key();
                byte[] iv = new byte[IV_BYTES];
                random.nextBytes(iv);
                byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, key, iv, projectId, name, plain);
                SecretFile content = new SecretFile(FORMAT, ALGORITHM, key.id(), encode(iv), encode(ciphertext),
                        created.toString(), now.toString());
                Durable.writeOwnerOnly(file, json.writeValueAsBytes(content));
                LOG.info("Secret {} of project {} {}", name, projectId, replacing ? "replaced" : "stored");
                return new SecretInfo(name, created, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store secret '" + name + "' of project " + projectId + ": " + e, e);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("cannot encrypt", e); // not reachable when encrypting
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public List<SecretInfo> list(String projectId) {
        Path folder = secretsFolder(projectId, false);
        List<SecretInfo> secrets = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return secrets;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + EXTENSION)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String name = fileName.substring(0, fileName.length() - EXTENSION.length());
                if (!NAME_PATTERN.matcher(name).matches() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                secrets.add(info(file, name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the secrets of project " + projectId + " in " + folder + ": " + e, e);
        }
        secrets.sort(Comparator.comparing(SecretInfo::name));
        return secrets;
    }

    @Override
    public void delete(String projectId, String name) {
        Path folder = secretsFolder(projectId, false);
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw noSuchSecret(projectId, name);
        }
        synchronized (lock(projectId, name)) {
            try {
                if (!Files.deleteIfExists(folder.resolve(name + EXTENSION))) {
                    throw noSuchSecret(projectId, name);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete secret '" + name + "' of project " + projectId + ": " + e, e);
            }
            Durable.syncFolder(folder);
        }
        LOG.info("Secret {} of project {} deleted", name, projectId);
    }

    @Override
    public String value(String projectId, String name) {
        Path folder = secretsFolder(projectId, false);
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw noSuchSecret(projectId, name);
        }
        Path file = folder.resolve(name + EXTENSION);
        SecretFile content;
        try {
            content = readIfExists(file, projectId, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret '" + name + "' of project " + projectId + ": " + e, e);
        }
        if (content == null) {
            throw noSuchSecret(projectId, name);
        }
        if (content.format() > FORMAT || !ALGORITHM.equals(content.algorithm())) {
            throw new IllegalStateException("secret '" + name + "' of project " + projectId + " (" + file
                    + ") has format " + content.format() + " / " + content.algorithm() + ", which this platform cannot read");
        }
        MasterKey key = key();
        if (!key.id().equals(content.keyId())) {
            throw new IllegalStateException("secret '" + name + "' of project " + projectId
                    + " was encrypted with another master key (key id " + content.keyId() + "), not the one in use from "
                    + key.origin() + " (key id " + key.id() + "). Start the server with the master key it was written "
                    + "with, or store the secret again");
        }
        byte[] iv = decode(content.iv(), file, "iv");
        byte[] ciphertext = decode(content.ciphertext(), file, "ciphertext");
        if (iv.length != IV_BYTES) {
            throw damaged(projectId, name, file, "its IV has " + iv.length + " bytes instead of " + IV_BYTES);
        }
        byte[] plain = null;
        try {
            plain = crypt(Cipher.DECRYPT_MODE, key, iv, projectId, name, ciphertext);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain))
                    .toString();
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("secret '" + name + "' of project " + projectId + " cannot be decrypted: "
                    + "its file " + file + " was altered or damaged, or was copied from another secret or project "
                    + "(authentication failed). Store the secret again");
        } catch (CharacterCodingException e) {
            throw damaged(projectId, name, file, "its value is not UTF-8 text");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    // --- files ---

    private Path secretsFolder(String projectId, boolean create) {
        Path workspace = projects.workspace(projectId); // NotFoundException for an unknown project
        Path folder = workspace.resolve(FOLDER);
        if (create && !Files.isDirectory(folder)) {
            try {
                if (Files.getFileAttributeView(workspace, PosixFileAttributeView.class) != null) {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(folder);
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created concurrently
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the secrets folder " + folder + ": " + e, e);
            }
        }
        return folder;
    }

    private SecretFile readIfExists(Path file, String projectId, String name) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return json.readValue(bytes, SecretFile.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw damaged(projectId, name, file, "it is not a secret file (unreadable JSON" + where + ")");
        }
    }

    private SecretInfo info(Path file, String name) throws IOException {
        try {
            SecretFile content = json.readValue(file.toFile(), SecretFile.class);
            return new SecretInfo(name, instant(content.createdAt(), file), instant(content.updatedAt(), file));
        } catch (JsonProcessingException | IllegalStateException e) {
            // still listed, so that it can be seen and replaced or deleted
            LOG.warn("The secret file {} is damaged; listing it with its file time", file);
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return new SecretInfo(name, modified, modified);
        }
    }

    private static Instant instant(String text, Path file) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalStateException("the secret file " + file + " is damaged: a time is missing or malformed");
        }
    }

    private Object lock(String projectId, String name) {
        return locks.computeIfAbsent(projectId + '\0' + name, k -> new Object());
    }

    // --- crypto ---

    private static byte[] crypt(int mode, MasterKey key, byte[] iv, String projectId, String name, byte[] input)
            throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(projectId, name));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not usable in this JVM: " + e.getClass().getName());
        }
    }

    /** Binds a ciphertext to its project and name: neither may contain a NUL, so the encoding is unambiguous. */
    static byte[] associatedData(String projectId, String name) {
        return (AAD_LABEL + '\0' + projectId + '\0' + name).getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] decode(String text, Path file, String field) {
        try {
            return Base64.getDecoder().decode(Objects.requireNonNull(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("the secret file " + file + " is damaged: its " + field + " is missing or not base64");
        }
    }

    // --- checks and errors ---

    private static void checkName(String name) {
        if (name == null || !NAME_PATTERN.matcher(name).matches()) {
            throw new InvalidRequestException("secret name must match " + NAME_PATTERN.pattern()
                    + ": 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** @return the value's UTF-8 bytes (the caller clears them) */
    private static byte[] checkValue(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("the secret's value must not be empty");
        }
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("the secret's value is not valid Unicode text (unpaired surrogate)");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        if (bytes.length > MAX_VALUE_BYTES) {
            Arrays.fill(bytes, (byte) 0);
            throw new InvalidRequestException("the secret's value is larger than " + MAX_VALUE_BYTES + " bytes (UTF-8)");
        }
        return bytes;
    }

    private static NotFoundException noSuchSecret(String projectId, String name) {
        return new NotFoundException("project " + projectId + " has no secret named '" + name + "'");
    }

    private static IllegalStateException damaged(String projectId, String name, Path file, String why) {
        return new IllegalStateException("secret '" + name + "' of project " + projectId + " cannot be read: its file "
                + file + " is damaged: " + why + ". Store the secret again");
    }
}
