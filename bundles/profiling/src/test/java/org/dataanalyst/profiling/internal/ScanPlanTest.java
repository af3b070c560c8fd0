package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.dataanalyst.api.Column;
import org.dataanalyst.spi.profiler.Metric;
import org.junit.jupiter.api.Test;

/** The memory estimate of fused scans and how a round is packed into scans by it. */
class ScanPlanTest {

    static final List<Column> COLUMNS = List.of(new Column("id", "BIGINT", false), new Column("name", "VARCHAR", true),
            new Column("day", "DATE", true), new Column("a\"b", "DOUBLE", true));

    @Test
    void memorySizesAsTheEngineSaysThem() {
        assertEquals(1_000_000_000L, ScanPlan.parseSize("1GB"));
        assertEquals((long) (953.6 * 1024 * 1024), ScanPlan.parseSize("953.6 MiB"));
        assertEquals(64L * 1024 * 1024, ScanPlan.parseSize("64.0 MiB"));
        assertEquals(512, ScanPlan.parseSize("512 bytes"));
        assertEquals(-1, ScanPlan.parseSize("lots"));
        assertEquals(-1, ScanPlan.parseSize(null));
    }

    @Test
    void eachKindOfAggregateHasItsEstimate() {
        ScanPlan plan = new ScanPlan(1_000_000, 2, COLUMNS);
        long distinct = plan.cost(new Metric("d", "name", "count(DISTINCT \"name\")", true)).stateBytes();
        assertEquals(2 * ScanPlan.TABLE_STATE + 1_000_000L * (40 + 64), distinct, "a hash table entry per row at most");
        long quantiles = plan.cost(new Metric("q", "id", "(quantile_cont(\"id\", [0.5]))[1]", true)).stateBytes();
        assertEquals(2 * ScanPlan.BUFFER_STATE + 1_000_000L * (8 + 16), quantiles, "every value kept");
        assertEquals(ScanPlan.PLAIN_STATE, plan.cost(new Metric("n", "id", "count(\"id\")", true)).stateBytes());
        assertEquals(2 * ScanPlan.SKETCH_STATE, plan.cost(new Metric("h", "id", "approx_count_distinct(\"id\")", false)).stateBytes());
        assertEquals(2 * ScanPlan.TABLE_STATE, plan.cost(new Metric("b", "id",
                "to_json(map_values(histogram(\"id\"::DOUBLE, ['5'::DOUBLE])))", true)).stateBytes(), "a binning is small");
        assertEquals(2 * (1L << 26) / 8, plan.cost(new Metric("x", "id",
                "bit_count(bitstring_agg(\"id\", 0, 67108863))", true)).stateBytes());
        assertTrue(plan.cost(new Metric("x", "id", "bit_count(bitstring_agg(\"id\", -9223372036854775808, "
                + "18446744073709551615))", true)).stateBytes() > 1L << 50, "a huge range is huge, not an error");
        long rowHash = plan.cost(new Metric("r", null, "count(DISTINCT hash(\"id\", \"name\", \"day\"))", true)).stateBytes();
        assertEquals(2 * ScanPlan.TABLE_STATE + 1_000_000L * (8 + 64), rowHash, "a hash is 8 bytes wide");
        long ordered = plan.cost(new Metric("o", "id", "first(\"id\" ORDER BY \"day\")", true)).stateBytes();
        assertEquals(2 * ScanPlan.BUFFER_STATE + 1_000_000L * (8 + 4 + 16), ordered, "an ORDER BY inside keeps every row");
        assertEquals(Set.of("a\"b"), plan.cost(new Metric("s", "a\"b", "sum(\"a\"\"b\")", true)).columns());
    }

    @Test
    void anEarlierHyperLogLogEstimateBoundsTheDistinctValues() {
        ScanPlan plan = new ScanPlan(10_000_000, 2, COLUMNS);
        Metric distinct = new Metric("d", "name", "count(DISTINCT \"name\")", true);
        long before = plan.cost(distinct).stateBytes();
        plan.learn(new Metric("e", "name", "approx_count_distinct(\"name\")", false), 1000L);
        long after = plan.cost(distinct).stateBytes();
        assertEquals(2 * ScanPlan.TABLE_STATE + (1250 + 16) * (40 + 64), after);
        assertTrue(before > 100 * after);
        plan.learn(new Metric("e", "day", "approx_count_distinct(\"day\")", false), 20L);
        assertEquals(2 * ScanPlan.TABLE_STATE + (25 + 16) * (4 + 64),
                plan.cost(new Metric("v", "day", "to_json(histogram(\"day\"))::VARCHAR", true)).stateBytes());
    }

    @Test
    void oneScanHasTheThreadsOfItsRowGroupsOnly() {
        ScanPlan small = new ScanPlan(50_000, 8, COLUMNS);
        assertEquals(ScanPlan.SKETCH_STATE, small.cost(new Metric("h", "id", "approx_count_distinct(\"id\")", false)).stateBytes());
        assertEquals(50_000L * (8 + 8), small.readBuffer("id"));
    }

    record Item(Metric metric) {
    }

    @Test
    void roundsArePackedByMemoryKeepingAColumnsMetricsTogether() {
        ScanPlan plan = new ScanPlan(1_000_000, 1, COLUMNS);
        List<Item> items = new ArrayList<>();
        items.add(new Item(new Metric("rows", null, "count(*)", true)));
        for (String c : List.of("id", "name", "day")) {
            String q = "\"" + c + "\"";
            items.add(new Item(new Metric("count", c, "count(" + q + ")", true)));
            for (int i = 1; i <= 5; i++) {
                items.add(new Item(new Metric("q" + i, c, "(quantile_cont(" + q + ", [0.1, 0.2, 0.3, 0.4, 0.5]))[" + i + "]", true)));
            }
        }
        long oneColumn = plan.bytes(items.subList(1, 7), i -> plan.cost(i.metric()));
        long everything = plan.bytes(items, i -> plan.cost(i.metric()));
        // five quantiles share one state: a column costs one quantile state, its read buffer and a count
        assertEquals(ScanPlan.BUFFER_STATE + 1_000_000L * (8 + 16) + ScanPlan.PLAIN_STATE + plan.readBuffer("id"), oneColumn);

        List<List<Item>> all = plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), everything, 2000);
        assertEquals(1, all.size(), "it all fits");
        List<List<Item>> split = plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), oneColumn + 2 * ScanPlan.PLAIN_STATE,
                2000);
        // id fits (with the dataset-level count); name does not: its count, then its five quantiles (one shared
        // state) in a scan of their own; day fits
        assertEquals(4, split.size(), split.toString());
        for (List<Item> chunk : split) {
            assertEquals(1, chunk.stream().map(i -> i.metric().column()).filter(java.util.Objects::nonNull).distinct().count(),
                    "one column per scan: " + chunk);
        }
        assertEquals(List.of("q1", "q2", "q3", "q4", "q5"), split.get(2).stream().map(i -> i.metric().name()).toList());
        assertEquals(items.size(), split.stream().mapToInt(List::size).sum());
        // too small for one column: metric by metric, nothing lost, order kept
        List<List<Item>> tiny = plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), 1, 2000);
        assertEquals(items, tiny.stream().flatMap(List::stream).toList());
        // the count limit still applies
        assertTrue(plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), Long.MAX_VALUE, 10).stream()
                .allMatch(c -> c.size() <= 10));
    }

    /**
     * scan_cells: a chunk reads at most so many columns, whole columns only (a metric over two columns counts
     * both; one that reads more than the limit on its own still gets a chunk); memory and count limits still apply.
     */
    @Test
    void roundsAreSplitIntoScansOfWholeColumnsByCells() {
        ScanPlan plan = new ScanPlan(1_000_000, 2, COLUMNS);
        List<Item> items = new ArrayList<>();
        items.add(new Item(new Metric("rows", null, "count(*)", true)));
        for (String c : List.of("id", "name", "day")) {
            String q = "\"" + c + "\"";
            items.add(new Item(new Metric("count", c, "count(" + q + ")", true)));
            items.add(new Item(new Metric("distinct", c, "approx_count_distinct(" + q + ")", false)));
        }
        items.add(new Item(new Metric("pairs", null, "count(*) FILTER (WHERE \"id\" > 0 AND \"day\" IS NOT NULL)", true)));
        List<List<Item>> one = plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), Long.MAX_VALUE, 2000, 1);
        // the dataset-level metrics together (they read id and day: more than one column, so on their own); id; name; day
        assertEquals(4, one.size(), one.toString());
        assertEquals(List.of("rows", "pairs"), one.get(0).stream().map(i -> i.metric().name()).toList());
        for (int k = 1; k <= 3; k++) {
            assertEquals(2, one.get(k).size());
            assertEquals(1, one.get(k).stream().map(i -> i.metric().column()).distinct().count(), one.get(k).toString());
        }
        assertEquals(items.size(), one.stream().mapToInt(List::size).sum());
        List<List<Item>> two = plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), Long.MAX_VALUE, 2000, 2);
        // the dataset level (id, day) with id; name with day
        assertEquals(2, two.size(), two.toString());
        assertEquals(java.util.Arrays.asList(null, null, "id", "id"), two.get(0).stream().map(i -> i.metric().column()).toList());
        assertEquals(List.of("name", "name", "day", "day"), two.get(1).stream().map(i -> i.metric().column()).toList());
        assertEquals(1, plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), Long.MAX_VALUE, 2000, 3).size());
        assertTrue(plan.chunks(items, Item::metric, i -> plan.cost(i.metric()), Long.MAX_VALUE, 3, 3).stream()
                .allMatch(c -> c.size() <= 3));

        assertEquals(4, new Settings(java.time.Duration.ofSeconds(1), 3, 10, 100, 4_000_000).columnsPerScan(1_000_000));
        assertEquals(1, new Settings(java.time.Duration.ofSeconds(1), 3, 10, 100, 4_000_000).columnsPerScan(10_000_000));
        assertEquals(Integer.MAX_VALUE, new Settings(java.time.Duration.ofSeconds(1), 3, 10, 100, 0).columnsPerScan(10_000_000));
        assertEquals(40, Settings.DEFAULT.columnsPerScan(100_000));
    }
}
