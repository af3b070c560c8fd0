package org.dataanalyst.connector.files.internal;

import org.dataanalyst.api.engine.QueryResult;

/**
 * Runs one read-only query in an engine session: {@code IngestTarget::query} in a connector,
 * {@code EngineSession::query} in a test.
 */
@FunctionalInterface
public interface SqlRunner {

    /**
     * @param sql one statement returning rows
     * @return all rows
     * @throws Exception when the engine refuses or fails the statement; the message is the engine's
     */
    QueryResult query(String sql) throws Exception;
}
