package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.Schema;
import org.dataanalyst.api.SchemaDrift;
import org.dataanalyst.api.SchemaDrift.Change;
import org.dataanalyst.api.SchemaDrift.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DriftTest {

    /** "name:TYPE" or "name:TYPE!" (not null). */
    private static Schema schema(String... columns) {
        List<Column> list = new ArrayList<>();
        for (String c : columns) {
            int colon = c.indexOf(':');
            String type = c.substring(colon + 1);
            boolean notNull = type.endsWith("!");
            list.add(new Column(c.substring(0, colon), notNull ? type.substring(0, type.length() - 1) : type, !notNull));
        }
        return new Schema(list);
    }

    private static SchemaDrift drift(Schema from, Schema to) {
        return Drift.compute(from, to, 1, 2);
    }

    private static List<Kind> kinds(SchemaDrift drift) {
        return drift.changes().stream().map(Change::kind).toList();
    }

    @Test
    void equalSchemasHaveNoDrift() {
        SchemaDrift d = drift(schema("id:BIGINT!", "name:VARCHAR"), schema("id:BIGINT!", "name:VARCHAR"));
        assertTrue(d.isEmpty());
        assertFalse(d.breaking());
        assertEquals(1, d.fromVersion());
        assertEquals(2, d.toVersion());
    }

    @Test
    void anAddedColumnIsNotBreakingAndCausesNoMoves() {
        SchemaDrift d = drift(schema("id:BIGINT", "name:VARCHAR"), schema("new:DATE", "id:BIGINT", "name:VARCHAR"));
        assertEquals(List.of(Kind.ADDED), kinds(d));
        Change c = d.changes().get(0);
        assertEquals("new", c.column());
        assertNull(c.fromType());
        assertEquals("DATE", c.toType());
        assertNull(c.fromPosition());
        assertEquals(0, c.toPosition());
        assertEquals(true, c.toNullable());
        assertFalse(c.breaking());
        assertFalse(d.breaking());
        assertTrue(c.detail().contains("added at position 1"), c.detail());
    }

    @Test
    void aRemovedColumnIsBreakingListedLastAndCausesNoMoves() {
        SchemaDrift d = drift(schema("a:INTEGER", "b:VARCHAR", "c:DOUBLE"), schema("a:INTEGER", "c:DOUBLE", "d:DATE"));
        assertEquals(List.of(Kind.ADDED, Kind.REMOVED), kinds(d));
        Change removed = d.changes().get(1);
        assertEquals("b", removed.column());
        assertEquals(1, removed.fromPosition());
        assertNull(removed.toPosition());
        assertNull(removed.toType());
        assertTrue(removed.breaking());
        assertTrue(d.breaking());
        assertTrue(removed.detail().contains("removed"), removed.detail());
    }

    @Test
    void oneRemovedAndOneAddedAtTheSamePositionWithTheSameTypeIsARename() {
        SchemaDrift d = drift(schema("id:BIGINT!", "amount:DOUBLE", "note:VARCHAR"),
                schema("id:BIGINT!", "total:DOUBLE", "note:VARCHAR"));
        assertEquals(List.of(Kind.RENAMED), kinds(d));
        Change c = d.changes().get(0);
        assertEquals("amount", c.column());
        assertEquals("total", c.newName());
        assertEquals(1, c.fromPosition());
        assertEquals(1, c.toPosition());
        assertEquals("DOUBLE", c.fromType());
        assertEquals("DOUBLE", c.toType());
        assertTrue(c.breaking());
        assertTrue(d.breaking());
        assertTrue(c.detail().contains("renamed to 'total'"), c.detail());
    }

    @Test
    void aRenameNeedsTheSamePositionTypeAndNullabilityAndExactlyOnePair() {
        // other type
        assertEquals(List.of(Kind.ADDED, Kind.REMOVED), kinds(drift(schema("a:BIGINT", "b:DOUBLE"), schema("a:BIGINT", "c:VARCHAR"))));
        // other position
        assertEquals(List.of(Kind.ADDED, Kind.REMOVED),
                kinds(drift(schema("a:BIGINT", "b:DOUBLE", "x:DATE"), schema("a:BIGINT", "x:DATE", "c:DOUBLE"))));
        // other nullability
        assertEquals(List.of(Kind.ADDED, Kind.REMOVED), kinds(drift(schema("a:BIGINT", "b:DOUBLE!"), schema("a:BIGINT", "c:DOUBLE"))));
        // two pairs: ambiguous
        assertEquals(List.of(Kind.ADDED, Kind.ADDED, Kind.REMOVED, Kind.REMOVED),
                kinds(drift(schema("a:BIGINT", "b:BIGINT"), schema("c:BIGINT", "d:BIGINT"))));
    }

    @Test
    void namesAreCaseSensitive() {
        SchemaDrift d = drift(schema("id:BIGINT", "Name:VARCHAR"), schema("id:BIGINT", "name:VARCHAR"));
        assertEquals(List.of(Kind.RENAMED), kinds(d));
        assertEquals("Name", d.changes().get(0).column());
        assertEquals("name", d.changes().get(0).newName());
    }

    @Test
    void aSwapIsOneMoveNotTwo() {
        SchemaDrift d = drift(schema("a:INTEGER", "b:INTEGER", "c:INTEGER"), schema("a:INTEGER", "c:INTEGER", "b:INTEGER"));
        assertEquals(List.of(Kind.MOVED), kinds(d));
        assertFalse(d.breaking());
    }

    @Test
    void aColumnMovedToTheEndIsTheOnlyMove() {
        SchemaDrift d = drift(schema("a:INTEGER", "b:INTEGER", "c:INTEGER", "d:INTEGER"),
                schema("b:INTEGER", "c:INTEGER", "d:INTEGER", "a:INTEGER"));
        assertEquals(List.of(Kind.MOVED), kinds(d));
        Change c = d.changes().get(0);
        assertEquals("a", c.column());
        assertEquals(0, c.fromPosition());
        assertEquals(3, c.toPosition());
        assertTrue(c.detail().contains("from position 1 to 4"), c.detail());
    }

    @Test
    void shiftsCausedByAddsAndRemovesAreNotMoves() {
        SchemaDrift d = drift(schema("a:INTEGER", "gone:VARCHAR", "b:INTEGER", "c:INTEGER"),
                schema("new1:DATE", "a:INTEGER", "b:INTEGER", "new2:DATE", "c:INTEGER"));
        assertEquals(List.of(Kind.ADDED, Kind.ADDED, Kind.REMOVED), kinds(d));
    }

    @Test
    void aMoveAndAnAddAndATypeChangeOfTheSameSchemaAreAllReported() {
        SchemaDrift d = drift(schema("a:INTEGER", "b:VARCHAR", "c:DOUBLE"), schema("c:DOUBLE", "a:BIGINT", "b:VARCHAR", "d:DATE"));
        assertEquals(List.of(Kind.MOVED, Kind.TYPE_CHANGED, Kind.ADDED), kinds(d));
        assertEquals("c", d.changes().get(0).column());
        assertEquals("a", d.changes().get(1).column());
        assertFalse(d.breaking(), "INTEGER → BIGINT widens");
    }

    @Test
    void notNullToNullableIsBreakingTheOtherWayIsNot() {
        SchemaDrift loosened = drift(schema("id:BIGINT!"), schema("id:BIGINT"));
        assertEquals(List.of(Kind.NULLABILITY_CHANGED), kinds(loosened));
        Change c = loosened.changes().get(0);
        assertEquals(false, c.fromNullable());
        assertEquals(true, c.toNullable());
        assertTrue(c.breaking());
        assertTrue(c.detail().contains("became nullable"), c.detail());

        SchemaDrift tightened = drift(schema("id:BIGINT"), schema("id:BIGINT!"));
        assertEquals(List.of(Kind.NULLABILITY_CHANGED), kinds(tightened));
        assertFalse(tightened.breaking());
    }

    @Test
    void aTypeAndNullabilityChangeOfOneColumnAreTwoChanges() {
        SchemaDrift d = drift(schema("id:BIGINT!"), schema("id:INTEGER"));
        assertEquals(List.of(Kind.TYPE_CHANGED, Kind.NULLABILITY_CHANGED), kinds(d));
        assertTrue(d.changes().get(0).breaking());
        assertTrue(d.changes().get(0).detail().startsWith("type BIGINT → INTEGER (narrowing"), d.changes().get(0).detail());
    }

    @ParameterizedTest(name = "{0} → {1} breaking={2}")
    @CsvSource(delimiter = '|', value = {
            // integers
            "INTEGER | BIGINT | false",
            "TINYINT | SMALLINT | false",
            "BIGINT | HUGEINT | false",
            "BIGINT | INTEGER | true",
            "SMALLINT | TINYINT | true",
            "UINTEGER | BIGINT | false",
            "UINTEGER | INTEGER | true",
            "INTEGER | UINTEGER | true",
            "UTINYINT | USMALLINT | false",
            // to floating point and decimals
            "BIGINT | DOUBLE | false",
            "INTEGER | DOUBLE | false",
            "SMALLINT | FLOAT | false",
            "BIGINT | FLOAT | true",
            "INTEGER | DECIMAL(10,0) | false",
            "INTEGER | DECIMAL(12,2) | false",
            "BIGINT | DECIMAL(18,2) | true",
            "BIGINT | DECIMAL(38,0) | false",
            "DECIMAL(10,2) | DECIMAL(12,2) | false",
            "DECIMAL(10,2) | DECIMAL(12,4) | false",
            "DECIMAL(10,2) | DECIMAL(10,4) | true",
            "DECIMAL(10,2) | DECIMAL(8,2) | true",
            "DECIMAL(10,2) | DECIMAL(10,1) | true",
            "DECIMAL(9,0) | INTEGER | false",
            "DECIMAL(10,2) | BIGINT | true",
            "DECIMAL(10,2) | DOUBLE | false",
            "FLOAT | DOUBLE | false",
            "DOUBLE | FLOAT | true",
            "DOUBLE | BIGINT | true",
            "DOUBLE | DECIMAL(38,10) | true",
            // text
            "BIGINT | VARCHAR | false",
            "DATE | VARCHAR | false",
            "INTEGER[] | VARCHAR | false",
            "VARCHAR | BIGINT | true",
            "VARCHAR | DATE | true",
            "VARCHAR | BLOB | true",
            // time
            "DATE | TIMESTAMP | false",
            "TIMESTAMP | DATE | true",
            "TIMESTAMP_S | TIMESTAMP | false",
            "TIMESTAMP | TIMESTAMP_NS | false",
            "TIMESTAMP_NS | TIMESTAMP_MS | true",
            "TIMESTAMP | TIMESTAMP WITH TIME ZONE | true",
            "TIMESTAMP WITH TIME ZONE | TIMESTAMP | true",
            "DATE | TIMESTAMP WITH TIME ZONE | true",
            // nested and others
            "INTEGER[] | BIGINT[] | true",
            "'STRUCT(a INTEGER, b VARCHAR)' | 'STRUCT(a INTEGER)' | true",
            "'STRUCT(a INTEGER)' | 'STRUCT(a INTEGER, b VARCHAR)' | true",
            "'MAP(VARCHAR, INTEGER)' | 'MAP(VARCHAR, BIGINT)' | true",
            "BOOLEAN | INTEGER | true",
            "UUID | BLOB | true",
    })
    void typeChangesAreBreakingUnlessWidening(String from, String to, boolean breaking) {
        SchemaDrift d = drift(schema("x:" + from), schema("x:" + to));
        assertEquals(List.of(Kind.TYPE_CHANGED), kinds(d));
        Change c = d.changes().get(0);
        assertEquals(breaking, c.breaking(), c.detail());
        assertEquals(breaking, d.breaking());
        assertEquals(from, c.fromType());
        assertEquals(to, c.toType());
        assertTrue(c.detail().contains(breaking ? "narrowing" : "widening"), c.detail());
    }

    @Test
    void typeNamesAreComparedWithoutCaseOrSpacing() {
        assertTrue(drift(schema("x:decimal(10, 2)"), schema("x:DECIMAL(10,2)")).changes().stream()
                .noneMatch(c -> c.kind() == Kind.TYPE_CHANGED && c.breaking()));
        assertTrue(drift(schema("x:bigint"), schema("x:BIGINT")).isEmpty());
    }

    @Test
    void narrowingDetailsSayWhy() {
        assertTrue(drift(schema("x:VARCHAR"), schema("x:BIGINT")).changes().get(0).detail().contains("text values"));
        assertTrue(drift(schema("x:TIMESTAMP WITH TIME ZONE"), schema("x:TIMESTAMP")).changes().get(0).detail().contains("time zone"));
        assertTrue(drift(schema("x:INTEGER"), schema("x:UINTEGER")).changes().get(0).detail().contains("negative"));
        assertTrue(drift(schema("x:DOUBLE"), schema("x:BIGINT")).changes().get(0).detail().contains("fractions"));
        assertTrue(drift(schema("x:INTEGER[]"), schema("x:BIGINT[]")).changes().get(0).detail().contains("nested"));
    }

    @Test
    void theSummaryNamesEveryChange() {
        SchemaDrift d = drift(schema("a:INTEGER", "b:VARCHAR"), schema("a:VARCHAR", "c:DATE"));
        String summary = Drift.summary(d);
        assertTrue(summary.startsWith("breaking schema changes since version 1"), summary);
        assertTrue(summary.contains("'a' type INTEGER → VARCHAR (widening)"), summary);
        assertTrue(summary.contains("'b' column removed"), summary);
        assertTrue(summary.contains("'c' column added"), summary);
        assertEquals("schema unchanged since version 1", Drift.summary(drift(schema("a:INTEGER"), schema("a:INTEGER"))));
    }

    @Test
    void fromAnEmptySchemaEverythingIsAdded() {
        SchemaDrift d = drift(schema(), schema("a:INTEGER", "b:VARCHAR"));
        assertEquals(List.of(Kind.ADDED, Kind.ADDED), kinds(d));
        assertFalse(d.breaking());
        SchemaDrift back = drift(schema("a:INTEGER", "b:VARCHAR"), schema());
        assertEquals(List.of(Kind.REMOVED, Kind.REMOVED), kinds(back));
        assertTrue(back.breaking());
    }
}
