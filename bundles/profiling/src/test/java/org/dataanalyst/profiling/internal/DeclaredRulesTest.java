package org.dataanalyst.profiling.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.dataanalyst.api.Dataset;
import org.dataanalyst.api.DatasetVersion;
import org.dataanalyst.api.Ids;
import org.dataanalyst.api.InvalidRequestException;
import org.dataanalyst.api.NotFoundException;
import org.dataanalyst.api.Run;
import org.dataanalyst.api.profile.ProfileService;
import org.dataanalyst.api.profile.ProfilerInfo;
import org.dataanalyst.api.profile.RuleSet;
import org.dataanalyst.api.run.RunRequest;
import org.dataanalyst.profiler.quality.internal.QualityProfiler;
import org.junit.jupiter.api.Test;

/**
 * Rule checks declared for a dataset: refused as a whole when one cannot be checked, copied into each profile
 * run's parameters when it is submitted (so the run records what it checked and is not reused for other rules),
 * and evaluated by the profiler that names their type.
 */
class DeclaredRulesTest extends ProfileFixture {

    /** 1000 rows: qty is missing in every 4th row, price is 0…13.5, customer c0…c6, id unique. */
    private DatasetVersion orders() throws Exception {
        registry.add(new QualityProfiler(), "org.dataanalyst.profiler.quality", "0.1.0");
        return stage("orders", ORDERS);
    }

    private static Map<String, Object> rule(Object... keysAndValues) {
        Map<String, Object> rule = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            rule.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return rule;
    }

    private static JsonNode check(JsonNode profile, String name) {
        for (JsonNode c : profile.get("checks")) {
            if (c.get("name").asText().equals(name)) return c;
        }
        throw new AssertionError("no check " + name + " in " + profile.get("checks").toPrettyString());
    }

    @Test
    void declaredRulesAreEvaluatedByTheNextProfileWithTheirOutcome() throws Exception {
        DatasetVersion version = orders();
        assertEquals(new RuleSet(version.datasetId(), List.of(), null), profiles.rules(projectId, version.datasetId()));

        List<Map<String, Object>> rules = List.of(
                rule("type", "not_null", "column", "id"),
                rule("type", "not_null", "column", "qty", "name", "qty_present"),
                rule("type", "unique", "column", "id"),
                rule("type", "range", "column", "price", "min", 0, "max", 10, "severity", "warn"),
                rule("type", "allowed_values", "column", "customer", "values", List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6")),
                rule("type", "regex", "column", "customer", "pattern", "c[0-6]"),
                rule("type", "row_count", "min", 1, "max", 999));
        RuleSet stored = profiles.putRules(projectId, version.datasetId(), rules);
        assertEquals(rules, stored.rules());
        assertNotNull(stored.updatedAt());
        assertEquals(stored, profiles.rules(projectId, version.datasetId()));

        Run run = succeeded(profile(version, Map.of()));

        assertEquals(rules, runs.get(projectId, run.id()).params().get("rules"), "the run records the rules it checked");
        JsonNode profile = profileJson(run);
        assertEquals(List.of(), schemaProblems(profile));
        assertEquals("pass", check(profile, "rule:not_null").get("status").asText());
        JsonNode qty = check(profile, "rule:qty_present");
        assertEquals("fail", qty.get("status").asText());
        assertEquals(250, qty.get("observed").asLong(), qty::toPrettyString); // every 4th of 1000 rows
        assertEquals("pass", check(profile, "rule:unique").get("status").asText());
        JsonNode range = check(profile, "rule:range");
        assertEquals("warn", range.get("status").asText(), "a violated rule of severity warn warns");
        assertEquals(300, range.get("observed").asLong(), range::toPrettyString); // price 10.5, 12, 13.5: 3 of every 10
        assertEquals("pass", check(profile, "rule:allowed_values").get("status").asText());
        assertEquals("pass", check(profile, "rule:regex").get("status").asText());
        assertEquals("fail", check(profile, "rule:row_count").get("status").asText(), "1000 rows, at most 999 allowed");
    }

    @Test
    void changedRulesMakeANewRunWhileUnchangedOnesReuseTheLast() throws Exception {
        DatasetVersion version = orders();
        profiles.putRules(projectId, version.datasetId(), List.of(rule("type", "not_null", "column", "id")));
        Run first = succeeded(profile(version, Map.of()));
        Run again = succeeded(profile(version, Map.of()));
        assertEquals(first.id(), again.id(), "same data, same rules: the finished run is reused");

        profiles.putRules(projectId, version.datasetId(), List.of(rule("type", "not_null", "column", "qty")));
        Run changed = succeeded(profile(version, Map.of()));
        assertNotEquals(first.id(), changed.id(), "other rules: a new run");
        assertEquals("fail", check(profileJson(changed), "rule:not_null").get("status").asText());

        // rules given with the run replace the declared ones for that run only
        Run adHoc = succeeded(profile(version, Map.of("rules", List.of(rule("type", "unique", "column", "customer")))));
        JsonNode profile = profileJson(adHoc);
        assertEquals("fail", check(profile, "rule:unique").get("status").asText());
        assertTrue(profile.get("checks").findValuesAsText("name").stream().noneMatch("rule:not_null"::equals));
        assertEquals(List.of(rule("type", "not_null", "column", "qty")), profiles.rules(projectId, version.datasetId()).rules());
    }

    @Test
    void rulesThatCannotBeCheckedAreRefusedTogetherAndNothingIsStored() throws Exception {
        DatasetVersion version = orders();
        List<Map<String, Object>> good = List.of(rule("type", "not_null", "column", "id"));
        profiles.putRules(projectId, version.datasetId(), good);

        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> profiles.putRules(projectId,
                version.datasetId(), List.of(
                        rule("type", "not_null", "column", "id"),
                        rule("type", "range", "column", "no_such_column", "min", 1),
                        rule("type", "regex", "column", "customer", "pattern", "(?<=c)1"),
                        rule("type", "looks_fine"),
                        rule("type", "allowed_values", "column", "customer", "values", List.of()))));
        String detail = e.getMessage();
        assertTrue(detail.contains("rule 2 (range): this version has no column 'no_such_column'"), detail);
        assertTrue(detail.contains("rule 3 (regex)") && detail.contains("look-around"), detail);
        assertTrue(detail.contains("rule 4 (looks_fine): no running profiler evaluates rules of type 'looks_fine'"), detail);
        assertTrue(detail.contains("allowed_values, not_null, range, regex, row_count, unique"), detail);
        assertTrue(detail.contains("rule 5 (allowed_values): 'values' must be a non-empty list"), detail);
        assertTrue(!detail.contains("rule 1 "), detail);
        assertEquals(good, profiles.rules(projectId, version.datasetId()).rules(), "nothing changed");

        InvalidRequestException shape = assertThrows(InvalidRequestException.class,
                () -> profiles.putRules(projectId, version.datasetId(), List.of(rule("column", "id"))));
        assertTrue(shape.getMessage().contains("rule 1 needs a 'type'"), shape.getMessage());

        assertThrows(NotFoundException.class, () -> profiles.putRules(projectId, "no-such-dataset", good));
        assertThrows(NotFoundException.class, () -> profiles.rules("no-such-project", version.datasetId()));

        Dataset empty = new Dataset(Ids.next('d'), projectId, "empty", Instant.now());
        catalog.insertDataset(empty);
        InvalidRequestException noVersion = assertThrows(InvalidRequestException.class,
                () -> profiles.putRules(projectId, empty.id(), good));
        assertTrue(noVersion.getMessage().contains("has no version yet"), noVersion.getMessage());
        assertEquals(List.of(), profiles.putRules(projectId, empty.id(), List.of()).rules(), "no rules are always fine");

        // the same checks guard rules given with a run
        InvalidRequestException inRun = assertThrows(InvalidRequestException.class, () -> runs.submit(projectId,
                new RunRequest(ProfileService.RUN_TYPE, version.datasetId(), null,
                        Map.of("rules", List.of(rule("type", "unique", "column", "nope"))), false)));
        assertTrue(inRun.getMessage().contains("params.rules: rule 1 (unique): this version has no column 'nope'"),
                inRun.getMessage());
    }

    @Test
    void aDeclaredRuleWhoseProfilerIsGoneBecomesAFailedCheckNotASilentGap() throws Exception {
        DatasetVersion version = orders();
        profiles.putRules(projectId, version.datasetId(), List.of(rule("type", "not_null", "column", "id")));
        ProfilerInfo quality = profiles.profilers().get(0);
        assertEquals(List.of("allowed_values", "not_null", "range", "regex", "row_count", "unique"), quality.ruleTypes());

        registry.remove(registry.snapshot().get(0).profiler());
        Run run = succeeded(profile(version, Map.of()));

        JsonNode check = check(profileJson(run), "rule:not_null");
        assertEquals("fail", check.get("status").asText());
        assertTrue(check.get("profiler").isNull());
        assertTrue(check.get("message").asText().contains("no running profiler evaluates rules of type 'not_null'"),
                check::toPrettyString);
        assertNull(catalog.profileSummary(version.datasetId()).orElseThrow().reason());
        assertEquals(1, catalog.profileSummary(version.datasetId()).orElseThrow().checks().get("fail"));
    }
}
