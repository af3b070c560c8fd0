package org.dataanalyst.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: {@code db/migration/V<n>__<description>.sql} in this bundle, applied in
 * order, each in its own transaction together with its row in {@code schema_version}.
 *
 * <p>To change the schema add a new script and list it in {@link #SCRIPTS}; never edit a released
 * one. (A bundle cannot portably list its own resources, hence the explicit list; a test checks it
 * against the folder.)
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    static final String FOLDER = "db/migration/";

    /** Every migration script, in order. */
    static final List<String> SCRIPTS = List.of(
            "V1__init.sql",
            "V2__datasets.sql",
            "V3__profiles.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One migration script. */
    record Script(int version, String description, String resource) {
    }

    private Migrations() {
    }

    /** @return the known scripts, checked to be numbered 1, 2, 3… */
    static List<Script> scripts() {
        List<Script> scripts = new ArrayList<>();
        for (String name : SCRIPTS) {
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration script name " + name + " does not match V<n>__<description>.sql");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != scripts.size() + 1) {
                throw new IllegalStateException("migration " + name + " is out of sequence: expected V" + (scripts.size() + 1));
            }
            scripts.add(new Script(version, matcher.group(2).replace('_', ' '), FOLDER + name));
        }
        return List.copyOf(scripts);
    }

    /** @return the schema version this code knows */
    static int latestVersion() {
        return SCRIPTS.size();
    }

    /**
     * Brings the schema up to {@link #latestVersion()}.
     *
     * @return how many migrations were applied
     * @throws IllegalStateException when the database has a newer schema than this code knows
     */
    static int migrate(Database database) {
        database.write(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            return null;
        });
        int applied = 0;
        for (Script script : scripts()) {
            boolean done = database.write(connection -> {
                database.dialect().lockForMigration(connection);
                int current = checkNotNewer(database, currentVersion(connection));
                if (current >= script.version()) {
                    return false;
                }
                for (String sql : statements(load(script.resource()))) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(sql);
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, script.version());
                    insert.setString(2, script.description());
                    insert.setString(3, Times.format(Instant.now()));
                    insert.executeUpdate();
                }
                return true;
            });
            if (done) {
                LOG.info("Catalog schema migrated to version {} ({})", script.version(), script.description());
                applied++;
            }
        }
        if (applied == 0) {
            checkNotNewer(database, database.read(Migrations::currentVersion));
        }
        return applied;
    }

    private static int checkNotNewer(Database database, int current) {
        if (current > latestVersion()) {
            throw new IllegalStateException("the catalog database " + database.redactedUrl() + " has schema version "
                    + current + ", newer than " + latestVersion() + " which this platform knows; "
                    + "run a newer platform version or point the catalog at another database");
        }
        return current;
    }

    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Splits a script into statements: each ends with a semicolon at the end of a line; {@code --} lines are comments. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            if (trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(trimmed).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("migration script does not end with a semicolon: " + current);
        }
        return statements;
    }

    private static String load(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + resource, e);
        }
    }
}
