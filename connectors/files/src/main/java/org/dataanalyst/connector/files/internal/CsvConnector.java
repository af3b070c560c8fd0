package org.dataanalyst.connector.files.internal;

import java.nio.file.Path;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.ConnectorKind;
import org.dataanalyst.spi.connector.IngestTarget;
import org.dataanalyst.spi.connector.SourceSpec;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CSV and TSV files ({@code csv}, {@code tsv}): the engine detects the dialect and types and parses the
 * file in one {@code read_csv} scan; see {@link CsvPlanner}.
 */
@Component(service = Connector.class)
@ConnectorKind(kind = {"csv", "tsv"})
public final class CsvConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(CsvConnector.class);

    /** Nothing to inject: the file and the engine come with each call's target. */
    public CsvConnector() {
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor("csv", "CSV / TSV file",
                "Delimited text (kinds csv and tsv), uploaded or from an allowed server folder. The dialect "
                        + "(delimiter, quote, escape, header, line ends, skipped lines, date formats) and the column "
                        + "types are detected; every one can be set as an option.",
                Options.schema(CsvOptions.SPECS));
    }

    @Override
    public void validate(SourceSpec source) {
        Locations.check(source);
        CsvOptions.parse(source.kind(), source.options());
    }

    @Override
    public void read(SourceSpec source, IngestTarget target) throws Exception {
        CsvOptions options = CsvOptions.parse(source.kind(), source.options());
        Path file = Locations.resolve(source, target);
        boolean skip = target.onError() == IngestTarget.OnError.SKIP;
        CsvPlanner planner = new CsvPlanner(target::query);
        boolean tsv = "tsv".equals(source.kind());
        CsvPlanner.CsvPlan plan = planner.plan(file, tsv, options, skip);
        try {
            scan(file, plan, target);
        } catch (SourceFailure e) {
            // Tab-separated files rarely quote (IANA TSV has no quoting) but often hold " as an ordinary
            // character, e.g. in a free-text column: when no quote was asked for and one never closes, read the
            // file again without quoting rather than fail (decision 31).
            if (options.quote() != null || !"\t".equals(plan.dialect().get("delimiter"))
                    || "".equals(plan.dialect().get("quote")) || e.getCause() == null
                    || !EngineErrors.unterminatedQuote(e.getCause().getMessage())) {
                throw e;
            }
            target.log("{}; tab-separated files often hold quotes as ordinary characters: reading {} again without "
                    + "quoting (the option quote pins a quote character)", e.getMessage(), file.getFileName());
            plan = planner.plan(file, tsv, options.withQuote(""), skip);
            scan(file, plan, target);
        }
        if (skip) {
            target.rejects(plan.rejects());
        }
    }

    /** Hands the planned scan over; a failure becomes a {@link SourceFailure} naming the file and line. */
    private static void scan(Path file, CsvPlanner.CsvPlan plan, IngestTarget target) throws Exception {
        target.source("dialect", plan.dialect());
        target.log("{}: delimiter {}, quote {}, header {}, encoding {}, {} columns", file.getFileName(),
                show(plan.dialect().get("delimiter")), show(plan.dialect().get("quote")), plan.dialect().get("header"),
                plan.encoding(), plan.columns().size());
        LOG.debug("CSV scan of {}: {}", file, plan.scan());
        try {
            target.fromEngineScan(plan.scan());
        } catch (Exception e) {
            if (target.isCancelled() || e instanceof InterruptedException) {
                throw e;
            }
            throw new SourceFailure(EngineErrors.csv(file.getFileName().toString(), plan.encoding(), e.getMessage()), e);
        }
    }

    private static String show(Object c) {
        String s = String.valueOf(c);
        return s.isEmpty() ? "none" : "\t".equals(s) ? "tab" : "'" + s + "'";
    }
}
