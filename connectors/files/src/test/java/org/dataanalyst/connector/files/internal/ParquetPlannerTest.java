package org.dataanalyst.connector.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.dataanalyst.api.Column;
import org.junit.jupiter.api.Test;

/** The Parquet planner against a real DuckDB. */
class ParquetPlannerTest extends EngineTest {

    @Test
    void keepsNestedTypesAndDeclaresRequiredColumns() throws Exception {
        session.execute("CREATE TABLE t (id INTEGER NOT NULL, tags VARCHAR[], address STRUCT(city VARCHAR, zip VARCHAR), "
                + "scores MAP(VARCHAR, DOUBLE), note VARCHAR)");
        session.execute("INSERT INTO t VALUES (1, ['a', 'b'], {'city': 'Paris', 'zip': '75001'}, MAP {'x': 1.5}, NULL), "
                + "(2, NULL, NULL, NULL, 'n')");
        // DuckDB 2.0 writes REQUIRED for every column that holds no NULL (here: id only), NOT NULL or not
        Path file = workspace.resolve("nested.parquet");
        session.execute("COPY t TO " + Sql.literal(file) + " (FORMAT parquet)");

        ParquetPlanner.ParquetPlan plan = new ParquetPlanner(sql()).plan(file);
        assertEquals(List.of(new Column("id", "INTEGER", false), new Column("tags", "VARCHAR[]", true),
                new Column("address", "STRUCT(city VARCHAR, zip VARCHAR)", true),
                new Column("scores", "MAP(VARCHAR, DOUBLE)", true), new Column("note", "VARCHAR", true)), plan.columns());
        assertEquals(Set.of("id"), plan.notNull());
        assertEquals(2L, plan.metadata().get("num_rows"));
        assertTrue(String.valueOf(plan.metadata().get("created_by")).contains("DuckDB"), plan.metadata().toString());
        assertEquals(2, stage(plan.scan()).rows().size());
    }

    @Test
    void requiredFieldsOfNestedGroupsAreNotTopLevelColumns() throws Exception {
        Path file = Corpus.dir().resolve("parquet/parquet-testing/nonnullable.impala.parquet");
        ParquetPlanner.ParquetPlan plan = new ParquetPlanner(sql()).plan(file);
        assertEquals(Set.of("ID", "Int_Array", "int_array_array", "Int_Map", "int_map_array", "nested_Struct"),
                plan.notNull());
        Path nullable = Corpus.dir().resolve("parquet/parquet-testing/nullable.impala.parquet");
        assertEquals(Set.of(), new ParquetPlanner(sql()).plan(nullable).notNull());
    }

    @Test
    void refusesCorruptAndEmptyFiles() throws Exception {
        Path garbage = file("orders.parquet", "PAR1 this is not a parquet footer PAR1");
        String message = failure(() -> new ParquetPlanner(sql()).plan(garbage));
        assertTrue(message.startsWith("orders.parquet is not a readable Parquet file: "), message);

        Path csv = file("export.parquet", "id,name\n1,a\n");
        message = failure(() -> new ParquetPlanner(sql()).plan(csv));
        assertTrue(message.startsWith("export.parquet is not a readable Parquet file: "), message);

        assertEquals("none.parquet is empty", failure(() -> new ParquetPlanner(sql()).plan(file("none.parquet", ""))));
    }

    @Test
    void requiredTopLevelWalksTheFlattenedTree() {
        // root(3): a REQUIRED; b OPTIONAL group(2){x REQUIRED, y REQUIRED}; c REQUIRED
        List<List<Object>> rows = List.of(
                row("schema", null, 3L), row("a", "REQUIRED", null), row("b", "OPTIONAL", 2L),
                row("x", "REQUIRED", null), row("y", "REQUIRED", null), row("c", "REQUIRED", null));
        assertEquals(Set.of("a", "c"), ParquetPlanner.requiredTopLevel(rows));
    }

    private static List<Object> row(String name, String repetition, Long children) {
        return java.util.Arrays.asList(name, repetition, children);
    }
}
