package org.dataanalyst.connector.sqlite.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.dataanalyst.api.InvalidRequestException;
import org.sqlite.SQLiteConfig;

/** Opens a SQLite database file read-only, after checking that it is one. */
final class SqliteFile {

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private SqliteFile() {
    }

    /**
     * @param file  the database file
     * @param shown how to name the file in messages (the location as the user gave it)
     * @return a read-only connection
     * @throws InvalidRequestException when the file is missing, not a SQLite database or cannot be opened
     */
    static Connection open(Path file, String shown) {
        if (!Files.exists(file)) {
            throw new InvalidRequestException("SQLite file " + shown + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new InvalidRequestException(shown + " is a folder, not a SQLite database file");
        }
        byte[] header = new byte[MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new InvalidRequestException("cannot read SQLite file " + shown + ": " + e.getMessage());
        }
        if (read == 0) {
            throw new InvalidRequestException(shown + " is empty, not a SQLite database file");
        }
        if (read < MAGIC.length || !Arrays.equals(header, MAGIC)) {
            throw new InvalidRequestException(shown + " is not a SQLite database file (it does not start with "
                    + "the SQLite header)");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        config.enableLoadExtension(false);
        try {
            Connection connection = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
            if (connection == null) {
                throw new InvalidRequestException("cannot open SQLite file " + shown);
            }
            return connection;
        } catch (SQLException e) {
            throw new InvalidRequestException("cannot open SQLite file " + shown + ": " + message(e));
        }
    }

    /** SQLite's message without the driver's {@code [SQLITE_…]} prefix and repetition. */
    static String message(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        m = m.replaceFirst("^\\[SQLITE_[A-Z_]+\\]\\s*", "");
        int paren = m.lastIndexOf(" (");
        if (paren > 0 && m.endsWith(")")) {
            m = m.substring(paren + 2, m.length() - 1); // "Desc (actual message)": the actual message
        }
        return m;
    }
}
