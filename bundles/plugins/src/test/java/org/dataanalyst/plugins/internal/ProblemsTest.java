package org.dataanalyst.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void shortensTheResolverMessage() {
        String felix = "Unable to resolve sample [23](R 23.0): missing requirement [sample [23](R 23.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=org.example.missing) Unresolved requirements: [[sample [23](R 23.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=org.example.missing)]";
        assertEquals("Unable to resolve sample [23](R 23.0): missing requirement [sample [23](R 23.0)] osgi.wiring.package; "
                + "(osgi.wiring.package=org.example.missing)", Problems.concise(felix));
        assertEquals("the bundle does not resolve", Problems.concise(null));
    }
}
