package org.dataanalyst.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.dataanalyst.spi.connector.SourceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InlinePasswordsTest {

    private static SourceSpec spec(String location, Map<String, Object> options) {
        return new SourceSpec("postgres", location, options);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "postgresql://ann:s3cr3t@db.example:5432/shop | postgresql://ann:${secret:orders-password}@db.example:5432/shop | s3cr3t",
            "jdbc:postgresql://ann:s3cr3t@db/shop?ssl=true | jdbc:postgresql://ann:${secret:orders-password}@db/shop?ssl=true | s3cr3t",
            "postgresql://ann:p%40ss/w:rd@db/shop | postgresql://ann:${secret:orders-password}@db/shop | p%40ss/w:rd",
            "postgresql://ann:p@ss@db/shop | postgresql://ann:${secret:orders-password}@db/shop | p@ss",
            "jdbc:postgresql://db/shop?user=ann&password=s3cr3t&ssl=true | jdbc:postgresql://db/shop?user=ann&password=${secret:orders-password}&ssl=true | s3cr3t",
            "jdbc:sqlserver://db;user=ann;Password=s3cr3t;encrypt=true | jdbc:sqlserver://db;user=ann;Password=${secret:orders-password};encrypt=true | s3cr3t",
            "host=db dbname=shop password=s3cr3t user=ann | host=db dbname=shop password=${secret:orders-password} user=ann | s3cr3t",
            "host=db password='my pw' | host=db password=${secret:orders-password} | 'my pw'",
            "jdbc:mysql://db/shop?PWD=s3cr3t | jdbc:mysql://db/shop?PWD=${secret:orders-password} | s3cr3t",
    })
    void inlinePasswordsInLocationsMoveIntoASecret(String location, String expected, String password) {
        InlinePasswords.Extraction e = InlinePasswords.extract(spec(location, Map.of()), "orders");
        assertEquals(expected, e.spec().location());
        assertEquals(Map.of("orders-password", password), e.secrets());
        assertTrue(e.found());
        // resolving the reference gives back exactly what the user wrote
        assertEquals(location, SecretText.resolve(e.spec().location(), e.secrets()::get));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "postgresql://ann@db/shop",
            "postgresql://db:5432/shop",
            "postgresql://ann:${secret:db-pw}@db/shop",
            "jdbc:postgresql://db/shop?user=ann&password=${secret:db-pw}",
            "jdbc:postgresql://db/shop?password=",
            "raw/u1/orders.csv",
            "/data/imports/pass:word.csv",
    })
    void locationsWithoutInlinePasswordsStayAsTheyAre(String location) {
        InlinePasswords.Extraction e = InlinePasswords.extract(spec(location, Map.of()), "orders");
        assertEquals(location, e.spec().location());
        assertFalse(e.found());
    }

    @Test
    void aPasswordOptionMovesIntoTheSameSecretWhenEqualAndAnotherOneWhenNot() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("user", "ann");
        options.put("Password", "s3cr3t");
        options.put("table", "orders");
        InlinePasswords.Extraction same = InlinePasswords.extract(spec("postgresql://ann:s3cr3t@db/shop", options), "orders");
        assertEquals(Map.of("orders-password", "s3cr3t"), same.secrets());
        assertEquals("${secret:orders-password}", same.spec().options().get("Password"));
        assertEquals("ann", same.spec().options().get("user"));

        options.put("Password", 1234);
        InlinePasswords.Extraction two = InlinePasswords.extract(spec("postgresql://ann:s3cr3t@db/shop", options), "orders");
        assertEquals(Map.of("orders-password", "s3cr3t", "orders-password-2", "1234"), two.secrets());
        assertEquals("${secret:orders-password-2}", two.spec().options().get("Password"));
    }

    @Test
    void aPasswordOptionThatIsAReferenceStays() {
        InlinePasswords.Extraction e = InlinePasswords.extract(spec("postgresql://db/shop",
                Map.of("password", "${secret:shop}")), "orders");
        assertFalse(e.found());
        assertEquals("${secret:shop}", e.spec().options().get("password"));
    }

    @Test
    void secretNamesFitTheSecretNamePattern() {
        String longName = "d".repeat(64);
        InlinePasswords.Extraction e = InlinePasswords.extract(spec("postgresql://a:b@h/d", Map.of("password", "c")), longName);
        for (String name : e.secrets().keySet()) {
            assertTrue(org.dataanalyst.api.secret.SecretService.NAME_PATTERN.matcher(name).matches(), name);
        }
    }

    @Test
    void maskingReplacesInlinePasswordsButKeepsReferences() {
        assertEquals("postgresql://ann:***@db/shop?password=***",
                InlinePasswords.maskLocation("postgresql://ann:s3cr3t@db/shop?password=x"));
        assertEquals("postgresql://ann:${secret:a}@db/shop", InlinePasswords.maskLocation("postgresql://ann:${secret:a}@db/shop"));
        assertEquals(null, InlinePasswords.maskLocation(null));
        Map<String, Object> masked = InlinePasswords.maskOptions(Map.of("password", "x", "pwd", "${secret:a}", "user", "ann"));
        assertEquals(Map.of("password", "***", "pwd", "${secret:a}", "user", "ann"), masked);
    }
}
