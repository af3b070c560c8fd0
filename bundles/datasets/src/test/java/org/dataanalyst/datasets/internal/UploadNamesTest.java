package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dataanalyst.api.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UploadNamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "orders.csv | orders.csv",
            "C:\\Users\\ann\\Umsätze 2024.csv | Umsätze 2024.csv",
            "../../etc/passwd | passwd",
            ".hidden.csv | hidden.csv",
            "a<b>:c?.csv | a_b__c_.csv",
            "report.csv. | report.csv",
            "tab\tname.csv | tab_name.csv",
    })
    void namesAreMadeSafe(String given, String safe) {
        assertEquals(safe, UploadNames.safe(given));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "..", "/", "dir/", "???"})
    void unusableNamesAreRefused(String given) {
        assertThrows(InvalidRequestException.class, () -> UploadNames.safe(given));
    }

    @org.junit.jupiter.api.Test
    void longNamesKeepTheirExtension() {
        String safe = UploadNames.safe("x".repeat(300) + ".parquet");
        assertEquals(UploadNames.MAX_LENGTH, safe.length());
        assertEquals(true, safe.endsWith(".parquet"));
    }
}
