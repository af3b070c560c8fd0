package org.dataanalyst.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltinsTest {

    @TempDir
    Path data;

    @Test
    void builtinsAreTheConnectorsProfilersAnalyzersAndReportersOfThePlatform() {
        assertTrue(Builtins.isBuiltinName("org.dataanalyst.connector.postgres"));
        assertTrue(Builtins.isBuiltinName("org.dataanalyst.profiler.columns"));
        assertTrue(Builtins.isBuiltinName("org.dataanalyst.analyzer.correlations"));
        assertTrue(Builtins.isBuiltinName("org.dataanalyst.reporter.pdf"));
        assertFalse(Builtins.isBuiltinName("org.dataanalyst.connector."));
        assertFalse(Builtins.isBuiltinName("org.dataanalyst.datasets"));
        assertFalse(Builtins.isBuiltinName("org.dataanalyst.plugins"));
        assertFalse(Builtins.isBuiltinName("org.dataanalyst.connectors.x"));
        assertFalse(Builtins.isBuiltinName("com.example.connector.x"));
        assertFalse(Builtins.isBuiltinName(null));
    }

    @Test
    void theUninstalledOnesAreRememberedAcrossInstancesOfTheService() throws IOException {
        Path record = data.resolve("bundle-data").resolve("builtins-uninstalled.txt");
        Builtins first = new Builtins(record);
        first.markUninstalled("org.dataanalyst.connector.postgres");
        first.markUninstalled("org.dataanalyst.connector.sqlite");

        Builtins second = new Builtins(record);
        assertTrue(second.wasUninstalled("org.dataanalyst.connector.postgres"));
        assertEquals(List.of("org.dataanalyst.connector.postgres", "org.dataanalyst.connector.sqlite"), second.uninstalled());

        second.markInstalled("org.dataanalyst.connector.postgres");
        assertFalse(new Builtins(record).wasUninstalled("org.dataanalyst.connector.postgres"));
        assertEquals(List.of(record), Files.list(record.getParent()).toList(), "no temporary file left");
    }

    @Test
    void withoutAFileTheyAreRememberedInMemory() {
        Builtins builtins = new Builtins(null);
        builtins.markUninstalled("org.dataanalyst.connector.files");
        assertTrue(builtins.wasUninstalled("org.dataanalyst.connector.files"));
        assertFalse(builtins.wasUninstalled("org.dataanalyst.connector.sqlite"));
    }
}
