package org.dataanalyst.connector.files.internal;

import java.nio.file.Path;

import org.dataanalyst.api.Descriptor;
import org.dataanalyst.spi.connector.Connector;
import org.dataanalyst.spi.connector.ConnectorKind;
import org.dataanalyst.spi.connector.IngestTarget;
import org.dataanalyst.spi.connector.SourceSpec;
import org.osgi.service.component.annotations.Component;

/**
 * Parquet files ({@code parquet}): read by the engine's {@code read_parquet}, nested types kept,
 * {@code REQUIRED} top-level fields declared not null; see {@link ParquetPlanner}.
 */
@Component(service = Connector.class)
@ConnectorKind(kind = "parquet")
public final class ParquetConnector implements Connector {

    /** Nothing to inject: the file and the engine come with each call's target. */
    public ParquetConnector() {
    }

    @Override
    public Descriptor descriptor() {
        return new Descriptor("parquet", "Parquet file",
                "An Apache Parquet file, uploaded or from an allowed server folder: every codec and encoding the "
                        + "engine reads; nested lists, structs and maps are kept; REQUIRED columns are recorded as "
                        + "not nullable.",
                Options.schema(java.util.List.of()));
    }

    @Override
    public void validate(SourceSpec source) {
        Locations.check(source);
        Options.validate(source.kind(), source.options(), java.util.List.of());
    }

    @Override
    public void read(SourceSpec source, IngestTarget target) throws Exception {
        Options.validate(source.kind(), source.options(), java.util.List.of());
        Path file = Locations.resolve(source, target);
        ParquetPlanner.ParquetPlan plan = new ParquetPlanner(target::query).plan(file);
        if (!plan.notNull().isEmpty()) {
            target.declareNotNull(plan.notNull());
        }
        target.source("parquet", plan.metadata());
        target.log("{}: {} columns, {} declared REQUIRED", file.getFileName(), plan.columns().size(),
                plan.notNull().size());
        try {
            target.fromEngineScan(plan.scan());
        } catch (Exception e) {
            if (target.isCancelled() || e instanceof InterruptedException) {
                throw e;
            }
            throw new SourceFailure(EngineErrors.parquet(file.getFileName().toString(), e.getMessage()), e);
        }
    }
}
