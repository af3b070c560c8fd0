package org.dataanalyst.connector.postgres.internal;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

import org.dataanalyst.api.InvalidRequestException;

/**
 * Where a PostgreSQL server is and how to log in, parsed from a source location and options, with
 * secrets still unresolved ({@code ${secret:name}} references stay as text until {@link #connect}).
 *
 * <p>Locations: a JDBC URL {@code jdbc:postgresql://host[:port][,host2[:port]]/database[?k=v&…]} or a URI
 * {@code postgresql://[user[:password]@]host[:port]/database[?k=v&…]} ({@code postgres://} too). Query
 * parameters become driver properties; {@code user} and {@code password} are taken out of them, and the
 * libpq names {@code connect_timeout} and {@code application_name} are translated. Values may be
 * percent-encoded. The options {@code user} and {@code password} win over the location. The location may
 * also be one secret reference as a whole ({@code ${secret:pg_url}}): it is parsed when connecting, and
 * messages name the reference instead of the server.
 *
 * <p>What is shown to users ({@link #server()}, {@link #userForMessages()}) comes from the unresolved
 * text, so no secret's value can appear in a message; messages are also scrubbed of the resolved password.
 */
final class PgSource {

    static final int DEFAULT_PORT = 5432;

    private final String hosts;
    private final String database;
    private final String server;
    private final String user;
    private final String password;
    private final Map<String, String> properties;
    private final Integer connectTimeoutFromLocation;
    /** A location that is one secret reference as a whole: parsed once resolved, at connect time. */
    private final String deferred;

    private PgSource(String deferred, String userOption, String passwordOption) {
        this.hosts = "";
        this.database = "";
        this.server = deferred;
        this.user = userOption;
        this.password = passwordOption;
        this.properties = Map.of();
        this.connectTimeoutFromLocation = null;
        this.deferred = deferred;
    }

    private PgSource(String hosts, String database, String server, String user, String password,
            Map<String, String> properties, Integer connectTimeoutFromLocation) {
        this.hosts = hosts;
        this.database = database;
        this.server = server;
        this.user = user;
        this.password = password;
        this.properties = properties;
        this.connectTimeoutFromLocation = connectTimeoutFromLocation;
        this.deferred = null;
    }

    /**
     * @param location       the source location
     * @param userOption     option {@code user}, or {@code null}
     * @param passwordOption option {@code password}, or {@code null}
     * @throws InvalidRequestException when the location is not a PostgreSQL location
     */
    static PgSource parse(String location, String userOption, String passwordOption) {
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("a postgres source needs a location: jdbc:postgresql://host:5432/database "
                    + "or postgresql://user@host:5432/database");
        }
        String text = location.strip();
        if (text.matches("\\$\\{secret:[^}]+\\}")) {
            return new PgSource(text, userOption, passwordOption); // the whole location is a secret
        }
        String rest;
        if (text.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:postgresql://".length());
        } else if (text.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (text.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new InvalidRequestException("a postgres location must start with jdbc:postgresql://, postgresql:// "
                    + "or postgres://, e.g. postgresql://user@db.example.com:5432/shop");
        }
        int slash = rest.indexOf('/');
        int question = rest.indexOf('?');
        int authorityEnd = slash >= 0 ? slash : question >= 0 ? question : rest.length();
        if (slash >= 0 && question >= 0 && question < slash) {
            authorityEnd = question;
        }
        String authority = rest.substring(0, authorityEnd);
        String path = "";
        String query = "";
        String tail = rest.substring(authorityEnd);
        if (tail.startsWith("/")) {
            int q = tail.indexOf('?');
            path = q >= 0 ? tail.substring(1, q) : tail.substring(1);
            query = q >= 0 ? tail.substring(q + 1) : "";
        } else if (tail.startsWith("?")) {
            query = tail.substring(1);
        }

        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        if (authority.isBlank()) {
            throw new InvalidRequestException("the postgres location names no host: " + mask(location));
        }
        String database = decode(path);
        if (database.isBlank()) {
            throw new InvalidRequestException("the postgres location names no database; add it as …:5432/<database>: "
                    + mask(location));
        }

        Map<String, String> properties = new LinkedHashMap<>();
        Integer connectTimeout = null;
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
                String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
                switch (key) {
                    case "user" -> user = user == null ? value : user;
                    case "password" -> password = password == null ? value : password;
                    case "connect_timeout", "connectTimeout" -> {
                        try {
                            connectTimeout = Integer.valueOf(value.strip());
                        } catch (NumberFormatException e) {
                            throw new InvalidRequestException("the location's " + key + " must be a number of seconds, was '"
                                    + value + "'");
                        }
                    }
                    case "application_name" -> properties.put("ApplicationName", value);
                    default -> properties.put(key, value);
                }
            }
        }
        if (userOption != null) {
            user = userOption;
        }
        if (passwordOption != null) {
            password = passwordOption;
        }

        List<String> shown = new ArrayList<>();
        for (String host : authority.split(",")) {
            shown.add(withPort(host.strip()));
        }
        String server = String.join(",", shown) + "/" + database;
        return new PgSource(authority, database, server, user, password, properties, connectTimeout);
    }

    private static String withPort(String host) {
        if (host.startsWith("[")) { // [IPv6]:port
            int close = host.indexOf(']');
            return close >= 0 && close + 1 < host.length() && host.charAt(close + 1) == ':' ? host : host + ":" + DEFAULT_PORT;
        }
        return host.contains(":") ? host : host + ":" + DEFAULT_PORT;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The location with any password in it replaced, for messages. */
    static String mask(String location) {
        return location.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(//[^/@:]*:)[^@/]*@", "$1***@");
    }

    /** @return {@code host:port/database} as given (unresolved), for messages and source metadata */
    String server() {
        return server;
    }

    /** @return the user as given (a secret reference stays a reference), or the driver's default */
    String userForMessages() {
        return user != null ? user : System.getProperty("user.name", "");
    }

    /** @return whether the location is one secret reference, parsed only when connecting */
    boolean deferred() {
        return deferred != null;
    }

    /** @return the connect timeout the location asked for, or {@code null} */
    Integer connectTimeoutFromLocation() {
        return connectTimeoutFromLocation;
    }

    /**
     * Resolves the secrets and connects: a read-only connection with autocommit off (so a fetch size takes
     * effect and every statement runs in a read-only transaction).
     *
     * @param secrets               resolves {@code ${secret:name}} references
     * @param connectTimeoutSeconds the connect and login timeout
     * @throws InvalidRequestException with a message naming the server and what is wrong (never a password)
     */
    Connection connect(UnaryOperator<String> secrets, int connectTimeoutSeconds) {
        if (deferred == null) {
            return connect(secrets, connectTimeoutSeconds, server, userForMessages(), database, new ArrayList<>());
        }
        PgSource resolved;
        try {
            resolved = parse(secrets.apply(deferred), user == null ? null : secrets.apply(user),
                    password == null ? null : secrets.apply(password));
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("the secret " + deferred + " does not hold a PostgreSQL location "
                    + "(jdbc:postgresql://host:5432/database or postgresql://user@host:5432/database)");
        }
        List<String> sensitive = new ArrayList<>(List.of(resolved.hosts, resolved.database));
        if (resolved.user != null) {
            sensitive.add(resolved.user);
        }
        String shownUser = user != null ? user : "(the user in " + deferred + ")";
        return resolved.connect(UnaryOperator.identity(), connectTimeoutSeconds, server, shownUser, "(in " + deferred + ")",
                sensitive);
    }

    private Connection connect(UnaryOperator<String> secrets, int connectTimeoutSeconds, String shownServer,
            String shownUser, String shownDatabase, List<String> sensitive) {
        String url = "jdbc:postgresql://" + secrets.apply(hosts) + "/" + encodePath(secrets.apply(database));
        Properties props = new Properties();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            props.setProperty(e.getKey(), secrets.apply(e.getValue()));
        }
        String resolvedPassword = password == null ? null : secrets.apply(password);
        sensitive.add(resolvedPassword);
        for (String given : List.of(hosts, database, user == null ? "" : user)) {
            if (given.contains("${secret:")) {
                sensitive.add(secrets.apply(given));
            }
        }
        if (user != null) {
            props.setProperty("user", secrets.apply(user));
        }
        if (resolvedPassword != null) {
            props.setProperty("password", resolvedPassword);
        }
        props.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
        props.setProperty("loginTimeout", Integer.toString(connectTimeoutSeconds));
        props.putIfAbsent("ApplicationName", "data-analyst");
        Connection connection = null;
        try {
            connection = new org.postgresql.Driver().connect(url, props);
            if (connection == null) {
                throw new InvalidRequestException("cannot connect to PostgreSQL at " + shownServer + ": the driver refused the URL");
            }
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            String message = connectMessage(e, connectTimeoutSeconds, shownServer, shownUser, shownDatabase);
            for (String secret : sensitive) {
                message = scrub(message, secret);
            }
            throw new InvalidRequestException(message); // no cause: the driver's text could hold a resolved secret
        }
    }

    private static String connectMessage(SQLException e, int timeout, String server, String shownUser, String database) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String pg = serverMessage(e);
        String refused = "PostgreSQL at " + server + " refused user '" + shownUser + "': ";
        if (state.equals("28P01")) {
            return refused + "password authentication failed";
        }
        if (state.equals("28000")) {
            return refused + pg;
        }
        if (state.equals("08004") && pg.toLowerCase().contains("password")) {
            return refused + "the server asks for a password and none was given (option password, or in the location)";
        }
        if (state.equals("3D000")) {
            return "cannot connect to PostgreSQL at " + server + ": database " + (database.startsWith("(")
                    ? database : "\"" + database + "\"") + " does not exist";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException u) {
                return "cannot connect to PostgreSQL at " + server + ": unknown host " + u.getMessage();
            }
            if (t instanceof SocketTimeoutException) {
                return "cannot connect to PostgreSQL at " + server + ": no answer within " + timeout + " s";
            }
            if (t instanceof ConnectException) {
                break;
            }
        }
        return "cannot connect to PostgreSQL at " + server + ": " + pg;
    }

    /** The server's (or driver's) message without PostgreSQL's severity prefix. */
    static String serverMessage(SQLException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        return m.replaceFirst("^(FATAL|ERROR):\\s+", "");
    }

    /** Replaces every occurrence of a secret value in a message. */
    static String scrub(String message, String secret) {
        if (secret == null || secret.isEmpty() || message == null) {
            return message;
        }
        return message.replace(secret, "***");
    }

    private static String encodePath(String database) {
        return java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // nothing to add
            }
        }
    }
}
