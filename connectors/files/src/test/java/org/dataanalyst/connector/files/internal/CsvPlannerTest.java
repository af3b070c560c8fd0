package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.engine.EngineException;
import org.dataanalyst.api.engine.QueryResult;
import org.junit.jupiter.api.Test;

/** The CSV planner against a real DuckDB: detection, options, checks, malformed rows. */
class CsvPlannerTest extends EngineTest {

    private CsvPlanner.CsvPlan plan(Path file, Map<String, Object> options) throws Exception {
        return new CsvPlanner(sql()).plan(file, false, CsvOptions.parse("csv", options), false);
    }

    private static List<String> names(CsvPlanner.CsvPlan plan) {
        return plan.columns().stream().map(Column::name).toList();
    }

    private static List<String> types(CsvPlanner.CsvPlan plan) {
        return plan.columns().stream().map(Column::type).toList();
    }

    // --- dialect -----------------------------------------------------------------------------------------

    @Test
    void detectsTheDialectAndRecordsIt() throws Exception {
        Path f = file("orders.csv", "id;name;amount\r\n1;\"Smith; John\";10.5\r\n2;\"O\"\"Brien\";7\r\n");
        CsvPlanner.CsvPlan plan = plan(f, Map.of());
        assertEquals(List.of("id", "name", "amount"), names(plan));
        assertEquals(List.of("BIGINT", "VARCHAR", "DOUBLE"), types(plan));
        assertEquals(List.of(List.of(1L, "Smith; John", 10.5), List.of(2L, "O\"Brien", 7.0)), rows(plan.scan()).rows());
        assertEquals(";", plan.dialect().get("delimiter"));
        assertEquals("\"", plan.dialect().get("quote"));
        assertEquals("\"", plan.dialect().get("escape"));
        assertEquals(true, plan.dialect().get("header"));
        assertEquals("\r\n", plan.dialect().get("new_line"));
        assertEquals("utf-8", plan.dialect().get("encoding"));
        assertEquals(List.of(), plan.dialect().get("set_by_user"));
        assertTrue(plan.scan().startsWith("read_csv(") && plan.scan().contains("auto_detect=false"), plan.scan());
    }

    @Test
    void everyDialectSettingCanBeOverridden() throws Exception {
        Path f = file("custom.txt", "# exported\n"
                + "x|'a|b'|1\n"
                + "y|'it\\'s'|2\n");
        CsvPlanner.CsvPlan plan = plan(f, Map.of("delimiter", "|", "quote", "'", "escape", "\\", "header", false,
                "comment", "#"));
        assertEquals(List.of("column0", "column1", "column2"), names(plan));
        assertEquals(List.of(List.of("x", "a|b", 1L), List.of("y", "it's", 2L)), rows(plan.scan()).rows());
        assertEquals(List.of("delimiter", "quote", "escape", "header", "comment"), plan.dialect().get("set_by_user"));
        assertEquals("'", plan.dialect().get("quote"));
        assertEquals(false, plan.dialect().get("header"));
    }

    @Test
    void skipsLinesBeforeTheHeader() throws Exception {
        Path f = file("report.csv", "Monthly report\nExported 2024-01-31\nid,total\n1,5\n2,6\n");
        CsvPlanner.CsvPlan plan = plan(f, Map.of("skip_rows", 2));
        assertEquals(List.of("id", "total"), names(plan));
        assertEquals(List.of(List.of(1L, 5L), List.of(2L, 6L)), rows(plan.scan()).rows());
    }

    @Test
    void tsvDefaultsToTabs() throws Exception {
        Path f = file("people.tsv", "id\tname\tcity\n1\tAnn\tParis, FR\n2\tBob\tRome\n");
        CsvPlanner.CsvPlan plan = new CsvPlanner(sql()).plan(f, true, CsvOptions.parse("tsv", Map.of()), false);
        assertEquals(List.of("id", "name", "city"), names(plan));
        assertEquals("\t", plan.dialect().get("delimiter"));
        assertEquals(List.of(List.of(1L, "Ann", "Paris, FR"), List.of(2L, "Bob", "Rome")), rows(plan.scan()).rows());

        CsvPlanner.CsvPlan asCsv = plan(f, Map.of("delimiter", "\\t")); // \t spelled out in a csv source
        assertEquals(names(plan), names(asCsv));
    }

    @Test
    void readsQuotedValuesBeyondTheDetectionSample() throws Exception {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = 1; i <= 40; i++) {
            sb.append(i).append(',').append(i == 35 ? "\"Doe, Jane\"" : "name" + i).append('\n');
        }
        CsvPlanner.CsvPlan plan = plan(file("late.csv", sb.toString()), Map.of("sample_size", 10));
        QueryResult r = rows(plan.scan());
        assertEquals(40, r.rows().size());
        assertEquals(List.of(35L, "Doe, Jane"), r.rows().get(34));
    }

    @Test
    void planningSniffsOnceWhenTheSampleHoldsNoQuoteCharacter() throws Exception {
        List<String> queries = new ArrayList<>();
        SqlRunner counting = q -> {
            queries.add(q);
            return session.query(q);
        };
        StringBuilder sb = new StringBuilder("id,name,amount\r\n");
        for (int i = 1; i <= 40; i++) {
            sb.append(i).append(",n").append(i).append(',').append(i * 1.5).append("\r\n");
        }
        sb.append("41,\"Doe, Jane\",2.5\r\n");
        CsvPlanner.CsvPlan plan = new CsvPlanner(counting).plan(file("plain.csv", sb.toString()), false,
                CsvOptions.parse("csv", Map.of("sample_size", 10)), false);
        assertEquals(1, queries.stream().filter(q -> q.contains("sniff_csv(")).count(), queries.toString());
        assertEquals(3, queries.size(), "sniff, header check, bind: " + queries);
        assertEquals("\"", plan.dialect().get("quote"));
        assertEquals(List.of("BIGINT", "VARCHAR", "DOUBLE"), types(plan));
        assertEquals(List.of(41L, "Doe, Jane", 2.5), rows(plan.scan()).rows().get(40));

        // a " in the sample that the detection did not take for a quote: the sniff with " pinned decides
        queries.clear();
        CsvPlanner.CsvPlan inches = new CsvPlanner(counting).plan(file("inches.csv", "id,size\n1,12\" pipe\n2,3\n"),
                false, CsvOptions.parse("csv", Map.of()), true);
        assertEquals(2, queries.stream().filter(q -> q.contains("sniff_csv(")).count(), queries.toString());
        assertEquals("\"", inches.dialect().get("quote"));
    }

    @Test
    void theQuoteProbeCountsEveryKindOfLineEnd() throws Exception {
        Path f = file("ends.csv", "a\r\nb\rc\nd\"\n");
        assertTrue(FileProbe.occursInFirstLines(f, '"', 4));
        assertTrue(FileProbe.occursInFirstLines(f, '"', -1));
        assertEquals(false, FileProbe.occursInFirstLines(f, '"', 3));
        assertEquals(false, FileProbe.occursInFirstLines(file("none.csv", "a,b\n1,2"), '"', -1));
    }

    @Test
    void keepsQuotedEmptyStringsAndLineBreaks() throws Exception {
        Path f = file("notes.csv", "id,note,extra\r\n1,\"\",\r\n2,\"line one\r\nline two\",x\r\n");
        CsvPlanner.CsvPlan plan = plan(f, Map.of());
        List<List<Object>> rows = rows(plan.scan()).rows();
        assertEquals("", rows.get(0).get(1), "a quoted empty string stays an empty string");
        assertEquals(null, rows.get(0).get(2), "an empty unquoted field is NULL");
        assertEquals("line one\r\nline two", rows.get(1).get(1));
    }

    @Test
    void nullStringsAndTypesAndAllVarchar() throws Exception {
        Path f = file("zips.csv", "zip,amount,city\n01234,10,NA\n02345,NA,\"\"\n");
        CsvPlanner.CsvPlan detected = plan(f, Map.of());
        assertEquals(List.of("VARCHAR", "VARCHAR", "VARCHAR"), types(detected), "leading zeros and NA keep text");

        CsvPlanner.CsvPlan plan = plan(f, Map.of("types", Map.of("AMOUNT", "DECIMAL(10,2)"), "null_strings",
                List.of("NA")));
        assertEquals(List.of("VARCHAR", "DECIMAL(10,2)", "VARCHAR"), types(plan));
        List<List<Object>> rows = rows(plan.scan()).rows();
        assertEquals("01234", rows.get(0).get(0));
        assertEquals(new java.math.BigDecimal("10.00"), rows.get(0).get(1));
        assertEquals(null, rows.get(0).get(2), "NA is NULL");
        assertEquals(null, rows.get(1).get(1), "NA is NULL");
        assertEquals("", rows.get(1).get(2), "a quoted empty string is still text");

        CsvPlanner.CsvPlan text = plan(f, Map.of("all_varchar", true));
        assertEquals(List.of("VARCHAR", "VARCHAR", "VARCHAR"), types(text));
        assertEquals("NA", rows(text.scan()).rows().get(1).get(1));

        assertEquals("zips.csv: the option types names NUMBERS, which is not an engine type (e.g. VARCHAR, BIGINT, "
                + "DOUBLE, DECIMAL(18,2), DATE, TIMESTAMP, BOOLEAN)",
                failure(() -> plan(f, Map.of("types", Map.of("amount", "NUMBERS")))));
        assertEquals("INTEGER", types(plan(f, Map.of("types", Map.of("amount", "int", "city", "varchar"),
                "null_strings", List.of("NA")))).get(1), "type names as the engine spells them");

        String message = failure(() -> plan(f, Map.of("types", Map.of("postcode", "VARCHAR"))));
        assertEquals("zips.csv: the option types names the column 'postcode', which the file does not have; its "
                + "columns are zip, amount, city", message);
    }

    // --- encodings -----------------------------------------------------------------------------------------

    @Test
    void readsLatin1WhenToldAndNamesTheLineWhenNot() throws Exception {
        Path f = file("latin.csv", "id;name\n1;Ren\u00e9e\n2;Zo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1));
        CsvPlanner.CsvPlan plan = plan(f, Map.of("encoding", "latin-1"));
        assertEquals(List.of(List.of(1L, "Renée"), List.of(2L, "Zoë")), rows(plan.scan()).rows());
        assertEquals("latin-1", plan.dialect().get("encoding"));

        String message = failure(() -> plan(f, Map.of()));
        assertTrue(message.startsWith("latin.csv line 2: the text is not valid UTF-8 (set the option encoding: utf-8, "
                + "utf-16 or latin-1)"), message);
    }

    @Test
    void readsUtf16ByItsByteOrderMark() throws Exception {
        Path f = file("wide.csv", "id,name\n1,Ренат\n2,Zoë\n".getBytes(StandardCharsets.UTF_16LE));
        byte[] bom = {(byte) 0xFF, (byte) 0xFE};
        byte[] body = java.nio.file.Files.readAllBytes(f);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 2);
        System.arraycopy(body, 0, all, 2, body.length);
        java.nio.file.Files.write(f, all);

        CsvPlanner.CsvPlan plan = plan(f, Map.of());
        assertEquals("utf-16", plan.dialect().get("encoding"));
        assertEquals(List.of(List.of(1L, "Ренат"), List.of(2L, "Zoë")), rows(plan.scan()).rows());
        assertEquals(rows(plan.scan()).rows(), rows(plan(f, Map.of("encoding", "utf-16")).scan()).rows());

        String message = failure(() -> plan(f, Map.of("encoding", "utf-8")));
        assertTrue(message.startsWith("wide.csv line 1: the text is not valid UTF-8"), message);

        Path be = file("big.csv", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                "id\n1\n".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals("big.csv is UTF-16 big-endian, which the engine cannot read: save it as UTF-8 or UTF-16 "
                + "little-endian", failure(() -> plan(be, Map.of())));
    }

    // --- dates ---------------------------------------------------------------------------------------------

    @Test
    void detectsDayMonthYearDates() throws Exception {
        Path f = file("days.csv", "id,day,at\n1,25/12/2024,25/12/2024 08:30:00\n2,13/01/2025,13/01/2025 17:05:00\n");
        CsvPlanner.CsvPlan plan = plan(f, Map.of());
        assertEquals(List.of("BIGINT", "DATE", "TIMESTAMP"), types(plan));
        assertEquals("%d/%m/%Y", plan.dialect().get("date_format"));
        assertEquals(List.of(1L, LocalDate.of(2024, 12, 25), LocalDateTime.of(2024, 12, 25, 8, 30)),
                rows(plan.scan()).rows().get(0));
    }

    @Test
    void dateFormatsCanBeSet() throws Exception {
        // ambiguous: both day/month and month/day read it
        Path f = file("ambiguous.csv", "id,day\n1,01/02/2024\n2,03/04/2024\n");
        CsvPlanner.CsvPlan plan = plan(f, Map.of("date_format", "%m/%d/%Y"));
        assertEquals("DATE", types(plan).get(1));
        assertEquals(LocalDate.of(2024, 1, 2), rows(plan.scan()).rows().get(0).get(1));
        assertEquals(List.of("date_format"), plan.dialect().get("set_by_user"));

        CsvPlanner.CsvPlan dayFirst = plan(f, Map.of("date_format", "%d/%m/%Y"));
        assertEquals(LocalDate.of(2024, 2, 1), rows(dayFirst.scan()).rows().get(0).get(1));

        Path t = file("stamps.csv", "id,at\n1,2024.12.25 08h30\n2,2025.01.13 17h05\n");
        CsvPlanner.CsvPlan stamps = plan(t, Map.of("timestamp_format", "%Y.%m.%d %Hh%M"));
        assertEquals("TIMESTAMP", types(stamps).get(1));
        assertEquals(LocalDateTime.of(2025, 1, 13, 17, 5), rows(stamps.scan()).rows().get(1).get(1));
    }

    // --- checks before scanning --------------------------------------------------------------------------

    @Test
    void refusesEmptyAndBlankFiles() throws Exception {
        assertEquals("orders.csv is empty", failure(() -> plan(file("orders.csv", ""), Map.of())));
        assertEquals("blank.csv is empty", failure(() -> plan(file("blank.csv", "  \r\n\n\t\n"), Map.of())));
        assertEquals("bom.csv is empty", failure(() -> plan(file("bom.csv", "\uFEFF\n"), Map.of())));
    }

    @Test
    void refusesAHeaderWithoutRows() throws Exception {
        assertEquals("orders.csv has a header but no rows",
                failure(() -> plan(file("orders.csv", "id,name,amount\n"), Map.of())));
        assertEquals("bare.csv has a header but no rows",
                failure(() -> plan(file("bare.csv", "id,name,amount"), Map.of())));
        assertEquals("told.csv has a header but no rows",
                failure(() -> plan(file("told.csv", "id\n"), Map.of("header", true))));
    }

    @Test
    void refusesDuplicateAndEmptyColumnNames() throws Exception {
        assertEquals("orders.csv line 1: duplicate column name 'id' (columns 1 and 4)",
                failure(() -> plan(file("orders.csv", "id,name,amount,id\n1,a,2,3\n"), Map.of())));
        assertEquals("case.csv line 1: duplicate column name 'ID' (columns 1 and 3, 'id' and 'ID' differ only in case, "
                + "and column names ignore case)",
                failure(() -> plan(file("case.csv", "id,name,ID\n1,a,2\n"), Map.of())));
        assertEquals("gap.csv line 1: column 2 has an empty name",
                failure(() -> plan(file("gap.csv", "id,,amount\n1,a,2\n"), Map.of())));
        assertEquals("quoted.csv line 1: column 3 has an empty name",
                failure(() -> plan(file("quoted.csv", "id,name,\"\"\n1,a,2\n"), Map.of())));
        assertEquals("skipped.csv line 2: duplicate column name 'a' (columns 1 and 2)",
                failure(() -> plan(file("skipped.csv", "title\na,a\n1,2\n"), Map.of("skip_rows", 1))));
    }

    @Test
    void theHeaderCheckReadsLinesAsLongAsTheScanDoesAndQuotedLineBreaksInNames() throws Exception {
        // the check reads a bounded buffer, which also bounds its lines: one just under the engine's own
        // 2,000,000-byte line limit must still pass it (and stage)
        String value = "v".repeat(1_999_000);
        CsvPlanner.CsvPlan plan = plan(file("long.csv", "id,\"line\nbreak\",text\n1,a," + value + "\n2,b,c\n"), Map.of());
        assertEquals(List.of("id", "line\nbreak", "text"), names(plan));
        QueryResult staged = stage(plan.scan());
        assertEquals(2, staged.rows().size());
        assertEquals(value.length(), ((String) staged.rows().get(0).get(2)).length());
        assertEquals("wide.csv line 1: duplicate column name 'x' (columns 1 and 3)",
                failure(() -> plan(file("wide.csv", "x,\"a\nb\",x\n1," + value + ",2\n"), Map.of())));
    }

    // --- malformed rows ----------------------------------------------------------------------------------

    private static final String MALFORMED = "id,name,amount\n"
            + "1,a,10\n"
            + "2,b,20,99\n"      // line 3: a field too many
            + "3,c,30\n"
            + "4,d,x\n"          // line 5: not a number
            + "5,e,50\n";

    @Test
    void failsOnTheFirstMalformedRowNamingItsLine() throws Exception {
        Path f = file("orders.csv", MALFORMED);
        CsvPlanner.CsvPlan plan = plan(f, Map.of("types", Map.of("amount", "BIGINT")));
        EngineException e = assertThrows(EngineException.class, () -> stage(plan.scan()));
        // what CsvConnector makes of the failed scan
        assertEquals("orders.csv line 3: expected 3 fields, found 4 (the line reads \"2,b,20,99\")",
                EngineErrors.csv("orders.csv", plan.encoding(), e.getMessage()));

        StringBuilder late = new StringBuilder("id,amount\n");
        for (int i = 1; i < 5000; i++) {
            late.append(i).append(',').append(i * 10).append('\n');
        }
        late.append("5000,x\n"); // line 5001, after the detection's sample
        Path cast = file("cast.csv", late.toString());
        CsvPlanner.CsvPlan sampled = plan(cast, Map.of("sample_size", 1000));
        EngineException c = assertThrows(EngineException.class, () -> stage(sampled.scan()));
        assertEquals("cast.csv line 5001: value \"x\" in column \"amount\" is not a valid BIGINT (set the option types, "
                + "e.g. {\"amount\": \"VARCHAR\"}, or all_varchar: true, to keep such values as text) "
                + "(the line reads \"5000,x\")", EngineErrors.csv("cast.csv", sampled.encoding(), c.getMessage()));

        Path quote = file("quote.csv", "id,name\n1,\"a\"\n2,\"b\n3,c\n");
        CsvPlanner.CsvPlan unterminated = plan(quote, Map.of());
        EngineException q = assertThrows(EngineException.class, () -> stage(unterminated.scan()));
        String message = EngineErrors.csv("quote.csv", unterminated.encoding(), q.getMessage());
        assertTrue(message.startsWith("quote.csv line 3: a quoted value is not closed (unterminated quote; if quotes "
                + "are ordinary characters in this file, set the option quote to \"\" for no quoting)"), message);
        // and the hint works: the quotes are read as text
        CsvPlanner.CsvPlan literal = plan(quote, Map.of("quote", ""));
        QueryResult read = stage(literal.scan());
        assertEquals(3, read.rows().size(), read::toString);
        assertEquals("\"b", read.rows().get(1).get(1));
    }

    @Test
    void skipsMalformedRowsAndListsThem() throws Exception {
        Path f = file("orders.csv", MALFORMED);
        CsvPlanner.CsvPlan plan = new CsvPlanner(sql()).plan(f, false,
                CsvOptions.parse("csv", Map.of("types", Map.of("amount", "BIGINT"))), true);
        QueryResult staged = stage(plan.scan());
        assertEquals(List.of(1L, 3L, 5L), staged.rows().stream().map(r -> r.get(0)).toList());

        QueryResult rejects = session.query(plan.rejects());
        assertEquals(List.of("line", "error", "content"), rejects.columns().stream().map(Column::name).toList());
        assertEquals("BIGINT", rejects.columns().get(0).type());
        List<List<Object>> rows = new ArrayList<>(rejects.rows());
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(3L, rows.get(0).get(0));
        assertTrue(((String) rows.get(0).get(1)).contains("Expected Number of Columns: 3 Found: 4"), rows.toString());
        assertEquals("2,b,20,99", rows.get(0).get(2));
        assertEquals(5L, rows.get(1).get(0));
        assertTrue(((String) rows.get(1).get(1)).contains("\"x\""), rows.toString());
        assertEquals("4,d,x", rows.get(1).get(2));
    }

    @Test
    void skippingACleanFileRejectsNothing() throws Exception {
        Path f = file("clean.csv", "id,name\n1,a\n2,b\n");
        CsvPlanner.CsvPlan plan = new CsvPlanner(sql()).plan(f, false, CsvOptions.parse("csv", Map.of()), true);
        assertEquals(2, stage(plan.scan()).rows().size());
        assertEquals(List.of(), session.query(plan.rejects()).rows());
    }

    @Test
    void skipsTextNotInTheEncoding() throws Exception {
        Path f = file("mixed.csv", concat("id,name\n1,ok\n2,".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xFF, (byte) 0xFE}, "bad\n3,fine\n".getBytes(StandardCharsets.UTF_8)));
        String message = failure(() -> new CsvPlanner(sql()).plan(f, false, CsvOptions.parse("csv", Map.of()), false));
        assertTrue(message.startsWith("mixed.csv line 3: the text is not valid UTF-8"), message);

        CsvPlanner.CsvPlan plan = new CsvPlanner(sql()).plan(f, false, CsvOptions.parse("csv", Map.of()), true);
        assertEquals(List.of(List.of(1L, "ok"), List.of(3L, "fine")), stage(plan.scan()).rows());
        List<List<Object>> rejects = session.query(plan.rejects()).rows();
        assertEquals(1, rejects.size());
        assertEquals(3L, rejects.get(0).get(0));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
