package org.dataanalyst.api.engine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Bulk rows into one table of an {@link EngineSession}, without SQL per row (DuckDB's appender).
 * Not thread-safe. Rows become visible in the session when the appender is closed.
 *
 * <p>Values must match the column types exactly — the appender converts nothing:
 * {@code BOOLEAN} {@link Boolean}; {@code TINYINT … BIGINT} any {@link Number} with an integral value
 * ({@link Byte}, {@link Short}, {@link Integer}, {@link Long}); {@code HUGEINT} {@link java.math.BigInteger};
 * {@code DECIMAL(p,s)} {@link java.math.BigDecimal}; {@code FLOAT}/{@code DOUBLE} {@link Float}/{@link Double};
 * {@code VARCHAR} {@link String}; {@code BLOB} {@code byte[]}; {@code DATE} {@link java.time.LocalDate};
 * {@code TIME} {@link java.time.LocalTime}; {@code TIMESTAMP} {@link java.time.LocalDateTime};
 * {@code TIMESTAMP WITH TIME ZONE} {@link java.time.OffsetDateTime} (or {@link java.time.Instant});
 * {@code UUID} {@link java.util.UUID}; a list type ({@code VARCHAR[]}, {@code BIGINT[]} …) a
 * {@link java.util.List} of element values; {@code null} for SQL NULL in any column.
 */
@ProviderType
public interface TableAppender extends AutoCloseable {

    /**
     * Appends one row.
     *
     * @param values one value per column, in column order
     * @throws EngineException when a value does not fit its column or the row has the wrong width
     */
    void append(Object... values);

    /** @return rows appended so far */
    long rowCount();

    /** Flushes the rows into the table; closing twice does nothing. */
    @Override
    void close();
}
