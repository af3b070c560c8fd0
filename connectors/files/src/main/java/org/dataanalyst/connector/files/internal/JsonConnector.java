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
 * JSON and newline-delimited JSON files ({@code json}, {@code ndjson}, {@code jsonl}): read by the
 * engine's {@code read_json}, objects as STRUCTs and arrays as LISTs; see {@link JsonPlanner}.
 */
@Component(service = Connector.class)
@ConnectorKind(kind = {"json", "ndjson", "jsonl"})
public final class JsonConnector implements Connector {

    private static final Logger LOG = LoggerFactory.getLogger(JsonConnector.class);

    /** Nothing to inject: the file and the engine come with each call's target. */
    public JsonConnector() {
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor("json", "JSON / NDJSON file",
                "A JSON document (an array of records, or records one after another) or newline-delimited JSON "
                        + "(kinds ndjson and jsonl), uploaded or from an allowed server folder. Keys become columns; "
                        + "nested objects become structs and arrays lists.",
                Options.schema(JsonOptions.SPECS));
    }

    @Override
    public void validate(SourceSpec source) {
        Locations.check(source);
        JsonOptions.parse(source.kind(), source.options());
    }

    @Override
    public void read(SourceSpec source, IngestTarget target) throws Exception {
        JsonOptions options = JsonOptions.parse(source.kind(), source.options());
        Path file = Locations.resolve(source, target);
        boolean skip = target.onError() == IngestTarget.OnError.SKIP;
        JsonPlanner.JsonPlan plan = new JsonPlanner(target::query).plan(file, source.kind(), options, skip);
        target.source("json", plan.metadata());
        plan.notes().forEach(note -> target.log("{}", note));
        target.log("{}: format {}, {} columns", file.getFileName(), plan.metadata().get("format"), plan.columns().size());
        if (skip && plan.rejects() == null) {
            target.log("{}: on_error skip has no effect on this format: only newline-delimited JSON can skip "
                    + "malformed lines", file.getFileName());
        }
        LOG.debug("JSON scan of {}: {}", file, plan.scan());
        try {
            target.fromEngineScan(plan.scan());
        } catch (Exception e) {
            if (target.isCancelled() || e instanceof InterruptedException) {
                throw e;
            }
            throw new SourceFailure(EngineErrors.json(file.getFileName().toString(), e.getMessage()), e);
        }
        if (plan.rejects() != null) {
            target.rejects(plan.rejects());
        }
    }
}
