package org.dataanalyst.workspace.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.secret.SecretInfo;
import org.dataanalyst.catalog.internal.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault on real project workspaces (real SQLite catalog, real folders, real key files). */
class VaultSecretServiceTest {

    private static final String VALUE = "s3cr3t-Pässwörd-7f1c9e";
    private static final String KEY_A = Base64.getEncoder().encodeToString(bytes(32, 1));
    private static final String KEY_B = Base64.getEncoder().encodeToString(bytes(32, 2));

    @TempDir
    Path data;

    private JdbcCatalog catalog;
    private WorkspaceProjectService projects;
    private Project project;

    @BeforeEach
    void start() {
        catalog = new JdbcCatalog(JdbcCatalog.sqliteUrl(data), "", "");
        projects = new WorkspaceProjectService(catalog, data);
        project = projects.create("sales", "");
    }

    @AfterEach
    void stop() {
        catalog.close();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private VaultSecretService vault() {
        return new VaultSecretService(projects, data, "", Map.of());
    }

    private VaultSecretService vaultWithKey(String base64) {
        return new VaultSecretService(projects, data, "", Map.of(MasterKey.ENV, base64));
    }

    private Path secretFile(Project p, String name) {
        return data.resolve("projects").resolve(p.id()).resolve("secrets").resolve(name + ".secret");
    }

    @Test
    void storesAndReadsBack() {
        VaultSecretService vault = vault();
        SecretInfo info = vault.put(project.id(), "pg-password", VALUE);
        assertEquals("pg-password", info.name());
        assertEquals(info.createdAt(), info.updatedAt());
        assertEquals(VALUE, vault.value(project.id(), "pg-password"));
        // a fresh instance (a restart) reads it with the same key file
        assertEquals(VALUE, vault().value(project.id(), "pg-password"));
    }

    @Test
    void storesLargeAndMultilineValuesUpToTheLimit() {
        VaultSecretService vault = vault();
        String pem = "-----BEGIN KEY-----\n" + "A".repeat(VaultSecretService.MAX_VALUE_BYTES - 40) + "\n-----END KEY-----";
        assertTrue(pem.getBytes(StandardCharsets.UTF_8).length <= VaultSecretService.MAX_VALUE_BYTES);
        vault.put(project.id(), "cert", pem);
        assertEquals(pem, vault.value(project.id(), "cert"));
    }

    @Test
    void listHasNamesAndTimesOnly() throws IOException {
        VaultSecretService vault = vault();
        vault.put(project.id(), "b-token", "value-b");
        vault.put(project.id(), "a.key", VALUE);
        List<SecretInfo> list = vault.list(project.id());
        assertEquals(List.of("a.key", "b-token"), list.stream().map(SecretInfo::name).toList());
        assertFalse(list.toString().contains(VALUE));
        // nothing else in the folder: no temporary files left behind
        try (Stream<Path> files = Files.list(secretFile(project, "x").getParent())) {
            assertEquals(List.of("a.key.secret", "b-token.secret"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void replacingKeepsCreatedAndAdvancesUpdated() {
        VaultSecretService vault = vault();
        SecretInfo first = vault.put(project.id(), "pw", "one");
        SecretInfo second = vault.put(project.id(), "pw", "two");
        assertEquals(first.createdAt(), second.createdAt());
        assertTrue(second.updatedAt().isAfter(first.updatedAt()), second + " after " + first);
        assertEquals("two", vault.value(project.id(), "pw"));
        assertEquals(List.of(second), vault.list(project.id()));
    }

    @Test
    void everyWriteUsesAFreshIv() throws IOException {
        VaultSecretService vault = vault();
        ObjectMapper json = new ObjectMapper();
        vault.put(project.id(), "pw", VALUE);
        String iv1 = json.readTree(secretFile(project, "pw").toFile()).get("iv").asText();
        vault.put(project.id(), "pw", VALUE);
        String iv2 = json.readTree(secretFile(project, "pw").toFile()).get("iv").asText();
        assertNotEquals(iv1, iv2);
        assertEquals(12, Base64.getDecoder().decode(iv1).length);
    }

    @Test
    void deletes() {
        VaultSecretService vault = vault();
        vault.put(project.id(), "pw", VALUE);
        vault.delete(project.id(), "pw");
        assertFalse(Files.exists(secretFile(project, "pw")));
        assertEquals(List.of(), vault.list(project.id()));
        NotFoundException gone = assertThrows(NotFoundException.class, () -> vault.value(project.id(), "pw"));
        assertTrue(gone.getMessage().contains("no secret named 'pw'"), gone.getMessage());
        assertThrows(NotFoundException.class, () -> vault.delete(project.id(), "pw"));
    }

    @Test
    void unknownProjectsAndBadInputAreRefused() {
        VaultSecretService vault = vault();
        assertThrows(NotFoundException.class, () -> vault.put("pNOSUCHPROJECT", "pw", VALUE));
        assertThrows(NotFoundException.class, () -> vault.list("pNOSUCHPROJECT"));
        assertThrows(NotFoundException.class, () -> vault.value("pNOSUCHPROJECT", "pw"));
        for (String bad : new String[] {"", ".hidden", "../escape", "a/b", "x".repeat(65), "sp ace"}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> vault.put(project.id(), bad, VALUE), bad);
            assertTrue(e.getMessage().startsWith("secret name must match"), e.getMessage());
            assertThrows(NotFoundException.class, () -> vault.value(project.id(), bad), bad);
        }
        assertThrows(InvalidRequestException.class, () -> vault.put(project.id(), "pw", ""));
        assertThrows(InvalidRequestException.class, () -> vault.put(project.id(), "pw", null));
        String tooLarge = "y".repeat(VaultSecretService.MAX_VALUE_BYTES + 1);
        InvalidRequestException large = assertThrows(InvalidRequestException.class, () -> vault.put(project.id(), "pw", tooLarge));
        assertFalse(large.getMessage().contains("yyyy"));
        assertEquals(List.of(), vault.list(project.id()));
    }

    @Test
    void aWrongKeyIsAClearError() {
        vaultWithKey(KEY_A).put(project.id(), "pw", VALUE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vaultWithKey(KEY_B).value(project.id(), "pw"));
        assertTrue(e.getMessage().contains("was encrypted with another master key"), e.getMessage());
        assertTrue(e.getMessage().contains("ANALYST_MASTER_KEY"), e.getMessage());
        assertFalse(e.getMessage().contains(VALUE));
        assertFalse(e.getMessage().contains(KEY_A) || e.getMessage().contains(KEY_B));
        assertEquals(VALUE, vaultWithKey(KEY_A).value(project.id(), "pw"));
    }

    @Test
    void aKeyFromTheEnvironmentCreatesNoKeyFile() {
        VaultSecretService vault = vaultWithKey(KEY_A);
        vault.put(project.id(), "pw", VALUE);
        assertNull(vault.keyFile());
        assertFalse(Files.exists(data.resolve("keys")));
        // a key file's key is another key: the secret does not decrypt with it
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vault().value(project.id(), "pw"));
        assertTrue(e.getMessage().contains("another master key"), e.getMessage());
    }

    @Test
    void aMalformedKeyInTheEnvironmentStopsTheStart() {
        for (String bad : new String[] {"not base64!", Base64.getEncoder().encodeToString(bytes(16, 3))}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> vaultWithKey(bad));
            assertTrue(e.getMessage().contains("ANALYST_MASTER_KEY does not hold a master key"), e.getMessage());
            assertFalse(e.getMessage().contains(bad));
        }
    }

    @Test
    void aTamperedFileIsAClearError() throws IOException {
        VaultSecretService vault = vault();
        vault.put(project.id(), "pw", VALUE);
        Path file = secretFile(project, "pw");
        ObjectMapper json = new ObjectMapper();
        ObjectNode content = (ObjectNode) json.readTree(file.toFile());
        byte[] ciphertext = Base64.getDecoder().decode(content.get("ciphertext").asText());
        ciphertext[0] ^= 1;
        content.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
        Files.write(file, json.writeValueAsBytes(content));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> vault.value(project.id(), "pw"));
        assertTrue(e.getMessage().contains("cannot be decrypted"), e.getMessage());
        assertTrue(e.getMessage().contains("altered or damaged"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

        Files.writeString(file, "garbage");
        IllegalStateException garbage = assertThrows(IllegalStateException.class, () -> vault.value(project.id(), "pw"));
        assertTrue(garbage.getMessage().contains("is damaged"), garbage.getMessage());
        // still listed, and replacing it repairs it
        assertEquals(List.of("pw"), vault.list(project.id()).stream().map(SecretInfo::name).toList());
        vault.put(project.id(), "pw", "fresh");
        assertEquals("fresh", vault.value(project.id(), "pw"));
    }

    @Test
    void aFileCopiedToAnotherNameOrProjectDoesNotDecrypt() throws IOException {
        VaultSecretService vault = vault();
        vault.put(project.id(), "pw", VALUE);
        Files.copy(secretFile(project, "pw"), secretFile(project, "other"));
        IllegalStateException renamed = assertThrows(IllegalStateException.class, () -> vault.value(project.id(), "other"));
        assertTrue(renamed.getMessage().contains("copied from another secret or project"), renamed.getMessage());

        Project second = projects.create("marketing", "");
        Files.copy(secretFile(project, "pw"), secretFile(second, "pw"));
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> vault.value(second.id(), "pw"));
        assertTrue(moved.getMessage().contains("cannot be decrypted"), moved.getMessage());
        assertEquals(VALUE, vault.value(project.id(), "pw"));
    }

    @Test
    void filesAreOwnerOnlyAndTheKeyLivesOutsideTheProjects() throws IOException {
        VaultSecretService vault = vault();
        vault.put(project.id(), "pw", VALUE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile(project, "pw"))));
        Path key = vault.keyFile();
        assertEquals(data.resolve("keys").resolve("master.key"), key);
        assertFalse(key.startsWith(data.resolve("projects")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(key).strip()).length);
    }

    @Test
    void theKeyFileIsCreatedOnFirstUseOnly() {
        VaultSecretService vault = vault();
        assertFalse(Files.exists(data.resolve("keys/master.key")));
        vault.list(project.id());
        assertFalse(Files.exists(data.resolve("keys/master.key")));
        vault.put(project.id(), "pw", VALUE);
        assertTrue(Files.exists(data.resolve("keys/master.key")));
    }

    @Test
    void aKeyFileOthersCanReadStopsTheStart() throws IOException {
        vault().put(project.id(), "pw", VALUE);
        Path key = data.resolve("keys/master.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        IllegalStateException e = assertThrows(IllegalStateException.class, this::vault);
        assertTrue(e.getMessage().contains("rw-r--r--"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 600 " + key), e.getMessage());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertEquals(VALUE, vault().value(project.id(), "pw"));
    }

    @Test
    void aConfiguredKeyFileIsUsedAndMayNotLieInsideTheProjects() throws IOException {
        VaultSecretService custom = new VaultSecretService(projects, data, "etc-keys/vault.key", Map.of());
        custom.put(project.id(), "pw", VALUE);
        assertTrue(Files.exists(data.resolve("etc-keys/vault.key")));
        assertFalse(Files.exists(data.resolve("keys")));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new VaultSecretService(projects, data, "projects/master.key", Map.of()));
        assertTrue(e.getMessage().contains("inside the projects folder"), e.getMessage());

        Files.writeString(data.resolve("etc-keys/short.key"), Base64.getEncoder().encodeToString(bytes(8, 1)));
        Files.setPosixFilePermissions(data.resolve("etc-keys/short.key"), PosixFilePermissions.fromString("rw-------"));
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> new VaultSecretService(projects, data, "etc-keys/short.key", Map.of()));
        assertTrue(shortKey.getMessage().contains("decodes to 8 bytes"), shortKey.getMessage());
    }

    @Test
    void thePlainValueIsNowhereUnderTheDataFolder() throws IOException {
        VaultSecretService vault = vault();
        vault.put(project.id(), "pw", VALUE);
        vault.put(project.id(), "pw", VALUE); // replace too: no old temporary copy either
        vault.put(project.id(), "other", "another " + VALUE);
        assertEquals(VALUE, vault.value(project.id(), "pw"));

        List<byte[]> needles = List.of(VALUE.getBytes(StandardCharsets.UTF_8),
                VALUE.getBytes(StandardCharsets.UTF_16LE),
                Base64.getEncoder().encode(VALUE.getBytes(StandardCharsets.UTF_8)));
        List<Path> searched = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (byte[] needle : needles) {
                    assertFalse(contains(content, needle), "the plain value is in " + file);
                }
                searched.add(file);
            }
        }
        assertTrue(searched.contains(secretFile(project, "pw")));
        assertTrue(searched.contains(data.resolve("keys/master.key")));
        assertTrue(searched.size() >= 4, searched::toString); // catalog, project.json, key, secrets
    }

    @Test
    void associatedDataSeparatesProjectAndName() {
        assertFalse(java.util.Arrays.equals(VaultSecretService.associatedData("p1", "ab"), VaultSecretService.associatedData("p1a", "b")));
        assertArrayEquals(VaultSecretService.associatedData("p", "n"), VaultSecretService.associatedData("p", "n"));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
