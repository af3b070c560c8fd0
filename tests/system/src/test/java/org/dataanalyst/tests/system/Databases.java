package org.dataanalyst.tests.system;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.dataanalyst.tests.support.PostgresFixture;
import org.junit.jupiter.api.Assumptions;

/** Real databases for the system tests: a PostgreSQL database with password logins, and secret values. */
final class Databases {

    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Databases() {
    }

    /** A random value that cannot occur anywhere by chance (letters and digits only: no encoding changes it). */
    static String secretValue(String prefix) {
        StringBuilder value = new StringBuilder(prefix);
        for (int i = 0; i < 24; i++) {
            value.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return value.toString();
    }

    /** Runs statements on a database as the fixture's administrator. */
    static void execute(PostgresFixture.TestDatabase database, String... statements) {
        try (Connection connection = connect(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new AssertionError("test PostgreSQL: " + e.getMessage(), e);
        }
    }

    static long count(PostgresFixture.TestDatabase database, String sql) {
        try (Connection connection = connect(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new AssertionError("test PostgreSQL: " + e.getMessage(), e);
        }
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", "10");
        return new org.postgresql.Driver().connect(url, properties);
    }

    static boolean canLogIn(String url, String user, String password) {
        try (Connection ignored = connect(url, user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Makes the server check the passwords of these roles. The fixture's own servers trust every local login;
     * for these roles this puts {@code scram-sha-256} lines first into {@code pg_hba.conf} (through SQL, as the
     * server's superuser) and reloads. A server given by {@code PG_TEST_URL} is not touched: the tests that need
     * password checks are skipped if it trusts everyone.
     */
    static void requirePasswords(PostgresFixture.TestDatabase database, List<String> roles) {
        String role = roles.get(0);
        if (!canLogIn(database.url(), role, "certainly-not-the-password")) {
            return;
        }
        Assumptions.assumeFalse(PostgresFixture.server().how().equals("PG_TEST_URL"),
                "the PostgreSQL server of PG_TEST_URL accepts any password; password tests need one that checks");
        try (Connection connection = connect(database.url(), database.user(), database.password());
             Statement statement = connection.createStatement()) {
            String hbaFile;
            String content;
            try (ResultSet rows = statement.executeQuery("SELECT setting, pg_read_file(setting) FROM pg_settings WHERE name = 'hba_file'")) {
                rows.next();
                hbaFile = rows.getString(1);
                content = rows.getString(2);
            }
            List<String> lines = new ArrayList<>();
            String users = String.join(",", roles);
            lines.add("host all " + users + " 127.0.0.1/32 scram-sha-256");
            lines.add("host all " + users + " ::1/128 scram-sha-256");
            for (String line : content.split("\n")) {
                String clean = line.replace('\t', ' ').strip();
                if (!clean.isEmpty() && !clean.startsWith("#")) {
                    lines.add(clean);
                }
            }
            StringBuilder array = new StringBuilder("ARRAY[");
            for (int i = 0; i < lines.size(); i++) {
                array.append(i == 0 ? "" : ",").append('\'').append(lines.get(i).replace("'", "''")).append('\'');
            }
            array.append("]");
            statement.execute("COPY (SELECT unnest(" + array + ")) TO '" + hbaFile.replace("'", "''") + "'");
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new AssertionError("cannot make the test PostgreSQL check passwords: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (canLogIn(database.url(), role, "certainly-not-the-password")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the test PostgreSQL still accepts any password for " + role);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100); // the postmaster reloads pg_hba.conf asynchronously
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
