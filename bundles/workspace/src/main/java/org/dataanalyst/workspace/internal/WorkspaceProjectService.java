package org.dataanalyst.workspace.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.dataanalyst.api.Ids;
import org.dataanalyst.api.ConflictException;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Page;
import org.dataanalyst.api.Platform;
import org.dataanalyst.api.Project;
import org.dataanalyst.api.catalog.Catalog;
import org.dataanalyst.api.project.ProjectEnvironment;
import org.dataanalyst.api.project.ProjectService;
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
 * Projects with their workspace folder {@code <data>/projects/<id>/}.
 *
 * <p>A project is created under a temporary name ({@code .tmp-<id>}), its {@code project.json}
 * flushed to disk, then its catalog row inserted, then the folder renamed into place in one atomic
 * step. Deleting renames the folder to {@code .trash-<id>} before removing it. Whatever a crash
 * leaves behind is tidied at the next activation.
 */
@Component(service = ProjectService.class, configurationPid = WorkspaceProjectService.PID)
@Designate(ocd = WorkspaceProjectService.Config.class)
public final class WorkspaceProjectService implements ProjectService {

    /** The configuration PID. */
    public static final String PID = "org.dataanalyst.workspace";

    /** The file holding a project's environment definition. */
    public static final String PROJECT_JSON = "project.json";

    /** The folders of every workspace; {@code secrets} is private to the platform's user. */
    public static final List<String> FOLDERS = List.of("secrets", "raw", "staging", "runs", "metadata");

    static final String TMP_PREFIX = ".tmp-";
    static final String TRASH_PREFIX = ".trash-";

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceProjectService.class);

    @ObjectClassDefinition(name = "data-analyst workspace",
            description = "Projects and their workspace folders under <data>/projects.")
    public @interface Config {
        @AttributeDefinition(name = "Maximum description length", min = "0", max = "1000000",
                description = "Most characters a project description may have.")
        int max__description__length() default DEFAULT_MAX_DESCRIPTION_LENGTH;
    }

    /** Default of {@code max_description_length}. */
    public static final int DEFAULT_MAX_DESCRIPTION_LENGTH = 2000;

    private final Catalog catalog;
    private final Path projectsDir;
    private final int maxDescriptionLength;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** DS activation: the data folder comes from the framework property {@code analyst.data}. */
    @Activate
    public WorkspaceProjectService(@Reference Catalog catalog, BundleContext context, Config config) {
        this(catalog, Platform.dataDirectory(context::getProperty), config.max__description__length());
    }

    /** A service over {@code dataDir} with the default configuration. */
    public WorkspaceProjectService(Catalog catalog, Path dataDir) {
        this(catalog, dataDir, DEFAULT_MAX_DESCRIPTION_LENGTH);
    }

    /** A service over {@code dataDir}; tidies what an interrupted create or delete left in it. */
    public WorkspaceProjectService(Catalog catalog, Path dataDir, int maxDescriptionLength) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.projectsDir = dataDir.toAbsolutePath().normalize().resolve("projects");
        if (maxDescriptionLength < 0) {
            throw new IllegalArgumentException("max_description_length must be >= 0, was " + maxDescriptionLength);
        }
        this.maxDescriptionLength = maxDescriptionLength;
        try {
            Files.createDirectories(projectsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the projects folder " + projectsDir, e);
        }
        tidyLeftovers();
    }

    // --- create ---

    @Override
    public Project create(String name, String description) {
        if (!Project.isValidName(name)) {
            throw new InvalidRequestException("name must match " + Project.NAME_PATTERN
                    + ": 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        String text = checkDescription(description);
        if (catalog.projectByName(name).isPresent()) {
            throw new ConflictException("a project named '" + name + "' exists already; choose another name");
        }

        String id = newId();
        Project project = new Project(id, name, text, Instant.now());
        Path tmp = projectsDir.resolve(TMP_PREFIX + id);
        Path target = projectsDir.resolve(id);
        boolean inCatalog = false;
        try {
            provision(tmp, new ProjectEnvironment(ProjectEnvironment.CURRENT_FORMAT, name, text, Map.of(), Map.of(), Map.of()));
            catalog.insertProject(project);
            inCatalog = true;
            moveAtomically(tmp, target);
            syncDirectory(projectsDir);
        } catch (IOException | RuntimeException e) {
            if (inCatalog) {
                try {
                    catalog.deleteProject(id);
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            deleteQuietly(tmp);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot create the workspace of project '" + name + "': " + io, io);
            }
            throw (RuntimeException) e;
        }
        LOG.info("Project {} created as {}", name, id);
        return project;
    }

    private String checkDescription(String description) {
        if (description == null) {
            return "";
        }
        String text = description.replace("\r\n", "\n");
        int length = text.codePointCount(0, text.length());
        if (length > maxDescriptionLength) {
            throw new InvalidRequestException("description must have at most " + maxDescriptionLength
                    + " characters, it has " + length);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw new InvalidRequestException(String.format(
                        "description must not contain control characters other than newline and tab (found U+%04X at %d)", (int) c, i));
            }
        }
        return text;
    }

    private String newId() {
        String id;
        do {
            id = Ids.next('p');
        } while (Files.exists(projectsDir.resolve(id), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(projectsDir.resolve(TMP_PREFIX + id), LinkOption.NOFOLLOW_LINKS));
        return id;
    }

    /** Builds a complete workspace at {@code dir}, {@code project.json} flushed to disk. */
    private void provision(Path dir, ProjectEnvironment environment) throws IOException {
        Files.createDirectory(dir);
        for (String folder : FOLDERS) {
            Files.createDirectory(dir.resolve(folder));
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(dir.resolve("secrets"), PosixFileAttributeView.class);
        if (posix != null) {
            posix.setPermissions(PosixFilePermissions.fromString("rwx------"));
        }
        byte[] bytes = json.writeValueAsBytes(environment);
        try (FileChannel channel = FileChannel.open(dir.resolve(PROJECT_JSON), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        syncDirectory(dir);
    }

    // --- read ---

    @Override
    public Project get(String id) {
        return catalog.project(id).orElseThrow(() -> new NotFoundException("project " + id + " does not exist"));
    }

    @Override
    public Page<Project> list(int offset, int limit) {
        Page.checkArguments(offset, limit);
        return catalog.projects(offset, limit);
    }

    @Override
    public ProjectEnvironment environment(String id) {
        Path file = workspace(id).resolve(PROJECT_JSON);
        ProjectEnvironment environment;
        try {
            environment = json.readValue(file.toFile(), ProjectEnvironment.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + " is not a valid project definition: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (environment.formatVersion() > ProjectEnvironment.CURRENT_FORMAT) {
            throw new IllegalStateException(file + " has format " + environment.formatVersion()
                    + ", newer than " + ProjectEnvironment.CURRENT_FORMAT + " which this platform knows");
        }
        return environment;
    }

    @Override
    public Path workspace(String id) {
        return projectsDir.resolve(get(id).id());
    }

    @Override
    public Path resolveInside(String id, String relativePath) {
        Path root = workspace(id);
        if (relativePath == null || relativePath.isBlank()) {
            throw new InvalidRequestException("path must not be empty");
        }
        Path relative;
        try {
            relative = Path.of(relativePath);
        } catch (InvalidPathException e) {
            throw new InvalidRequestException("path '" + relativePath + "' is not a valid path: " + e.getReason());
        }
        if (relative.isAbsolute() || relative.getRoot() != null) {
            throw new InvalidRequestException("path '" + relativePath + "' must be relative to the project's workspace");
        }
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new InvalidRequestException("path '" + relativePath + "' leads outside the project's workspace");
        }
        checkNoLinkOutside(root, resolved, relativePath);
        return resolved;
    }

    /** Follows symbolic links along the part of {@code resolved} that exists; it must stay inside {@code root}. */
    private static void checkNoLinkOutside(Path root, Path resolved, String relativePath) {
        try {
            Path realRoot = root.toRealPath();
            Path existing = resolved;
            while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                existing = existing.getParent();
            }
            Path real;
            try {
                real = existing.toRealPath();
            } catch (NoSuchFileException e) {
                throw new InvalidRequestException("path '" + relativePath + "' goes through a broken symbolic link");
            }
            if (!real.startsWith(realRoot)) {
                throw new InvalidRequestException("path '" + relativePath + "' leads outside the project's workspace (symbolic link)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check path '" + relativePath + "'", e);
        }
    }

    // --- delete ---

    @Override
    public void delete(String id) {
        Project project = get(id);
        if (!catalog.deleteProject(project.id())) {
            throw new NotFoundException("project " + id + " does not exist");
        }
        Path dir = projectsDir.resolve(project.id());
        Path trash = projectsDir.resolve(TRASH_PREFIX + project.id());
        try {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                moveAtomically(dir, trash);
            }
        } catch (IOException e) {
            LOG.warn("Project {} ({}) is deleted but its folder {} could not be moved away: {}", project.name(), id, dir, e.toString());
            return;
        }
        deleteQuietly(trash);
        LOG.info("Project {} ({}) deleted", project.name(), id);
    }

    // --- housekeeping ---

    /** Completes or undoes what an interrupted create or delete left in the projects folder. */
    private void tidyLeftovers() {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(projectsDir, ".{tmp,trash}-*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TMP_PREFIX)) {
                    String id = name.substring(TMP_PREFIX.length());
                    Path target = projectsDir.resolve(id);
                    // Crashed between the catalog insert and the rename: the project exists, finish it.
                    if (!id.isEmpty() && catalog.project(id).isPresent() && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        moveAtomically(entry, target);
                        LOG.info("Completed the interrupted creation of project {}", id);
                        continue;
                    }
                }
                LOG.info("Removing leftover {}", entry);
                deleteQuietly(entry);
            }
        } catch (IOException e) {
            LOG.warn("Cannot tidy the projects folder {}: {}", projectsDir, e.toString());
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // same folder, so this only happens on odd file systems; a plain rename is still one step there
            Files.move(from, to);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(to + " exists already", e);
        }
    }

    /** Flushes a folder's entries (new files, renames) to disk where the platform allows it. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync folder {}: {}", dir, e.toString());
        }
    }

    /** Deletes a file tree without following links; logs what it could not delete. */
    static void deleteQuietly(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot delete {} completely: {}; it is removed at the next start", root, e.toString());
        }
    }
}
