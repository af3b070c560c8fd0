package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.api.Column;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Descriptor;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.engine.EngineSession;
import org.dataanalyst.engine.duckdb.internal.DuckDbEngine;
import org.dataanalyst.profiler.columns.internal.ColumnsProfiler;
import org.dataanalyst.spi.profiler.Accumulator;
import org.dataanalyst.spi.profiler.Metric;
import org.dataanalyst.spi.profiler.MetricValues;
import org.dataanalyst.spi.profiler.ProfileInput;
import org.dataanalyst.spi.profiler.Profiler;
import org.dataanalyst.spi.profiler.Profilers;
import org.dataanalyst.spi.profiler.Section;
import org.junit.jupiter.api.Test;

/**
 * "Spilling, not failing": a wide version profiled with the real column profiler by an engine with a small
 * {@code memory_limit}. Fused into one scan per round, its exact quantiles, distinct counts and value
 * histograms need more memory than the limit, which an ungrouped aggregate cannot spill: the run type splits
 * the rounds by estimated memory and, where the estimate is short, halves scans that run out of memory.
 */
class MemoryLimitTest extends ProfileFixture {

    static final int COLUMNS = 48;
    static final int ROWS = 60_000;

    /** 48 columns of integers, doubles, text and dates, a few thousand distinct values each, some NULLs. */
    static String wide() {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < COLUMNS; i++) {
            int k = 7 + 2 * i;
            String nulls = "CASE WHEN range % " + (11 + i % 5) + " = 0 THEN NULL ELSE ";
            select.append(i == 0 ? "" : ", ").append(switch (i % 4) {
                case 0 -> nulls + "(range * " + k + ") % 9973 END AS i" + i;
                case 1 -> nulls + "((range * " + k + ") % 4999) / 7.0 END AS d" + i;
                case 2 -> nulls + "'text-' || ((range * " + k + ") % 4999) END AS s" + i;
                default -> nulls + "DATE '2000-01-01' + ((range * " + k + ") % 3000)::INTEGER END AS t" + i;
            });
        }
        return select.append(" FROM range(").append(ROWS).append(")").toString();
    }

    /** An engine like the fixture's, but with a memory limit of 64 MB; the run type uses it from now on. */
    void smallEngine() {
        engine.close();
        engine = new DuckDbEngine("64MB", 2, dir.resolve("engine-small"), "2GB");
        start(Settings.DEFAULT);
    }

    @Test
    void aWideVersionIsProfiledUnderASmallMemoryLimitAndItsFiguresAreRight() throws Exception {
        DatasetVersion version = stage("wide", wide()); // staged with the fixture's engine (512 MiB)
        smallEngine();
        registry.add(new ColumnsProfiler(), "org.dataanalyst.profiler.columns", "0.1.0");

        Run run = succeeded(profile(version, Map.of()));

        JsonNode profile = profileJson(run);
        assertEquals(0, profile.get("failures").size(), () -> profile.get("failures").toPrettyString() + "\n" + log(run));
        assertTrue(log(run).contains("of engine memory in one scan; split into"), () -> log(run));
        assertTrue(profile.at("/engine/metric_scans").asInt() > profile.at("/engine/rounds").asInt(),
                profile.get("engine")::toString);
        JsonNode columns = profile.at("/sections/columns/columns");
        assertEquals(COLUMNS, columns.size());

        // every figure against plain SQL over one column at a time, in the same small engine
        try (EngineSession s = engine.open(workspace)) {
            s.execute("CREATE VIEW data AS SELECT * FROM read_parquet(" + Profilers.literal(workspace.resolve("staging")
                    .resolve(version.datasetId()).resolve("v1.parquet").toString()) + ")");
            for (JsonNode column : columns) {
                String name = column.get("name").asText();
                String q = Profilers.quote(name);
                boolean numeric = name.startsWith("i") || name.startsWith("d");
                List<Object> truth = s.query("SELECT count(" + q + "), count(*) - count(" + q + "), count(DISTINCT " + q
                        + "), min(" + q + ")::VARCHAR, max(" + q + ")::VARCHAR"
                        + (numeric ? ", quantile_cont(" + q + ", 0.5), quantile_cont(" + q + ", 0.25), avg(" + q + ")" : "")
                        + " FROM data").rows().get(0);
                JsonNode f = column.get("figures");
                assertEquals(((Number) truth.get(0)).longValue(), f.at("/count/value").asLong(), name + " count");
                assertEquals(((Number) truth.get(1)).longValue(), f.at("/missing/value").asLong(), name + " missing");
                assertTrue(f.at("/distinct/exact").asBoolean(), name + " distinct is exact at this size: " + f.get("distinct"));
                assertEquals(((Number) truth.get(2)).longValue(), f.at("/distinct/value").asLong(), name + " distinct");
                if (numeric) {
                    assertEquals(Double.parseDouble((String) truth.get(3)), f.at("/min/value").asDouble(), 1e-9, name + " min");
                    assertEquals(Double.parseDouble((String) truth.get(4)), f.at("/max/value").asDouble(), 1e-9, name + " max");
                    assertTrue(f.at("/median/exact").asBoolean(), name + " median exact");
                    assertEquals(((Number) truth.get(5)).doubleValue(), f.at("/median/value").asDouble(), 1e-9, name + " median");
                    assertEquals(((Number) truth.get(6)).doubleValue(), f.at("/q25/value").asDouble(), 1e-9, name + " q25");
                    assertEquals(((Number) truth.get(7)).doubleValue(), f.at("/mean/value").asDouble(), 1e-9, name + " mean");
                } else {
                    assertEquals(truth.get(3), f.at("/min/value").asText(), name + " min");
                    assertEquals(truth.get(4), f.at("/max/value").asText(), name + " max");
                }
            }
        }
    }

    /**
     * Counts of distinct values whose text is far longer than the estimate assumes (about 1 KB each): the
     * planned scans still run out of memory, are halved (logged) until they fit, and every count is right; the
     * one metric that cannot fit in the memory limit even alone fails its profiler, and only that one.
     */
    @Test
    void scansThatRunOutOfMemoryAreHalvedAndOnlyAMetricTooBigOnItsOwnFails() throws Exception {
        DatasetVersion version = stage("long", "SELECT range AS id, "
                + "repeat('a', 1000) || range AS a, repeat('b', 1000) || range AS b, "
                + "repeat('c', 1000) || range AS c, repeat('d', 1000) || range AS d FROM range(20000)");
        smallEngine();
        LongText fits = new LongText("long_text", 1);
        LongText tooBig = new LongText("huge_text", 8);
        registry.add(fits, BUNDLE, "1.0.0");
        registry.add(tooBig, BUNDLE, "1.0.0");

        Run run = succeeded(profile(version, Map.of()));

        JsonNode profile = profileJson(run);
        String log = log(run);
        assertTrue(log.contains("ran out of engine memory"), log);
        assertTrue(log.contains("splitting it into scans of"), log);
        JsonNode section = profile.at("/sections/long_text");
        for (String c : List.of("a", "b", "c", "d")) {
            assertEquals(20000, section.get(c).asLong(), () -> section + "\n" + log);
        }
        assertEquals(1, profile.get("failures").size(), () -> profile.get("failures").toPrettyString());
        JsonNode failure = failure(profile, "huge_text");
        assertEquals("scan", failure.get("stage").asText());
        assertTrue(failure.get("reason").asText().contains("runs out of engine memory even in a scan of its own"),
                failure::toString);
    }

    /** Counts the distinct values of each text column, each value repeated {@code times} times. */
    static final class LongText implements Profiler {
        final String name;
        final int times;

        LongText(String name, int times) {
            this.name = name;
            this.times = times;
        }

        @Override
        public Descriptor descriptor() {
            return new Descriptor(name, name, "distinct long texts", Map.of("type", "object"));
        }

        @Override
        public List<Metric> metrics(ProfileInput input, int round, MetricValues earlier) {
            List<Metric> out = new ArrayList<>();
            if (round > 0) return out;
            for (Column c : input.schema().columns()) {
                if (!c.type().equals("VARCHAR")) continue;
                String q = Profilers.quote(c.name());
                String value = times == 1 ? q : "repeat(" + q + ", " + times + ")";
                if (times > 1 && !c.name().equals("a")) continue;
                out.add(new Metric("distinct", c.name(), "count(DISTINCT " + value + ")", true));
            }
            return out;
        }

        @Override
        public List<Accumulator> accumulators(ProfileInput input) {
            return List.of();
        }

        @Override
        public Section interpret(ProfileInput input, MetricValues values, List<Accumulator> accumulators) {
            Map<String, Object> content = new java.util.LinkedHashMap<>();
            for (Column c : input.schema().columns()) {
                if (values.has(c.name(), "distinct")) content.put(c.name(), values.get(c.name(), "distinct"));
            }
            return new Section(content, List.of(), List.of());
        }
    }
}
