package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.SourceSpec;
import org.junit.jupiter.api.Test;

/** What the connectors say about themselves and refuse before anything is queued. */
class ConnectorsTest {

    private static String refused(Connector connector, String kind, String location, Map<String, Object> options) {
        return assertThrows(InvalidRequestException.class,
                () -> connector.validate(new SourceSpec(kind, location, options))).getMessage();
    }

    @Test
    void descriptorsListEveryOption() {
        Descriptor csv = new CsvConnector().descriptor();
        assertEquals("csv", csv.name());
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) csv.optionsSchema().get("properties");
        assertEquals(Set.of("delimiter", "quote", "escape", "header", "encoding", "date_format", "timestamp_format",
                "skip_rows", "null_strings", "types", "all_varchar", "comment", "sample_size"), properties.keySet());
        assertEquals(false, csv.optionsSchema().get("additionalProperties"));
        assertEquals(Map.of("type", "boolean", "description", ((Map<?, ?>) properties.get("header")).get("description")),
                properties.get("header"));

        Descriptor json = new JsonConnector().descriptor();
        @SuppressWarnings("unchecked")
        Map<String, Object> jsonProperties = (Map<String, Object>) json.optionsSchema().get("properties");
        assertEquals(Set.of("format", "records", "maximum_depth", "sample_size", "date_format", "timestamp_format"),
                jsonProperties.keySet());
        assertEquals(List.of("auto", "array", "newline_delimited"),
                ((Map<?, ?>) jsonProperties.get("format")).get("enum"));

        Descriptor parquet = new ParquetConnector().descriptor();
        assertEquals(Map.of(), parquet.optionsSchema().get("properties"));
    }

    @Test
    void validatesOptionTypes() {
        CsvConnector csv = new CsvConnector();
        assertDoesNotThrow(() -> csv.validate(new SourceSpec("csv", "raw/u1/orders.csv", Map.of("header", true,
                "delimiter", ";", "quote", "", "skip_rows", 2, "null_strings", List.of("", "NA"),
                "types", Map.of("id", "DECIMAL(18,2)"), "encoding", "Latin-1", "sample_size", -1))));
        assertDoesNotThrow(() -> csv.validate(new SourceSpec("tsv", "raw/u1/orders.tsv", Map.of("delimiter", "\\t"))));

        assertEquals("Option 'header' of a csv source must be true or false, not \"yes\"",
                refused(csv, "csv", "a.csv", Map.of("header", "yes")));
        assertEquals("Option 'delimiter' of a csv source must be one character (\\t for a tab), not \";;\"",
                refused(csv, "csv", "a.csv", Map.of("delimiter", ";;")));
        assertEquals("Option 'delimiter' of a csv source must be one character (\\t for a tab), not \"\"",
                refused(csv, "csv", "a.csv", Map.of("delimiter", "")));
        assertEquals("Option 'skip_rows' of a csv source must be at least 0, not -1",
                refused(csv, "csv", "a.csv", Map.of("skip_rows", -1)));
        assertEquals("Option 'skip_rows' of a csv source must be a whole number, not 1.5",
                refused(csv, "csv", "a.csv", Map.of("skip_rows", 1.5)));
        assertEquals("Option 'encoding' of a csv source must be one of utf-8, utf-16, latin-1, utf8, utf16, utf-16le, "
                + "latin1, iso-8859-1, not \"cp1252\"", refused(csv, "csv", "a.csv", Map.of("encoding", "cp1252")));
        assertTrue(refused(csv, "csv", "a.csv", Map.of("types", Map.of("id", "INT; DROP TABLE x")))
                .startsWith("Option 'types' of a csv source must map column names to engine types"));
        assertEquals("Options 'delimiter' and 'quote' of a csv source must differ",
                refused(csv, "csv", "a.csv", Map.of("delimiter", "'", "quote", "'")));
        assertTrue(refused(csv, "csv", "a.csv", Map.of("date_format", "dd/mm/yyyy"))
                .contains("take strftime formats such as %d/%m/%Y"));

        JsonConnector json = new JsonConnector();
        assertDoesNotThrow(() -> json.validate(new SourceSpec("ndjson", "a.ndjson", Map.of("records", true,
                "format", "newline_delimited", "maximum_depth", -1))));
        assertEquals("Option 'format' of a json source must be one of auto, array, newline_delimited, not \"ndjson\"",
                refused(json, "json", "a.json", Map.of("format", "ndjson")));
    }

    @Test
    void unknownOptionsListTheKnownOnes() {
        assertEquals("Unknown option 'delim' for a csv source; known options: all_varchar, comment, date_format, "
                + "delimiter, encoding, escape, header, null_strings, quote, sample_size, skip_rows, timestamp_format, "
                + "types", refused(new CsvConnector(), "csv", "a.csv", Map.of("delim", ",")));
        assertEquals("Unknown option 'compression' for a parquet source; it takes no options",
                refused(new ParquetConnector(), "parquet", "a.parquet", Map.of("compression", "zstd")));
        assertEquals("Unknown option 'lines' for a jsonl source; known options: date_format, format, maximum_depth, "
                + "records, sample_size, timestamp_format",
                refused(new JsonConnector(), "jsonl", "a.jsonl", Map.of("lines", true)));
    }

    @Test
    void oneFileNoWildcards() {
        assertEquals("The location 'imports/2024-*.csv' holds the wildcard character '*': a csv source reads exactly "
                + "one file (name it in full; rename files whose names contain any of *?[]{})",
                refused(new CsvConnector(), "csv", "imports/2024-*.csv", Map.of()));
        assertTrue(refused(new ParquetConnector(), "parquet", "part-?.parquet", Map.of()).contains("'?'"));
        assertTrue(refused(new JsonConnector(), "json", "{a,b}.json", Map.of()).contains("'{'"));
        assertTrue(refused(new CsvConnector(), "csv", " ", Map.of()).startsWith("A csv source needs a location"));
        assertTrue(refused(new CsvConnector(), "csv", null, Map.of()).startsWith("A csv source needs a location"));
    }
}
