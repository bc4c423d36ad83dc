package io.keyguard.configrule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void longAnnotationsAreCutToConfigsLimitWithAVisibleMark() {
        Verdict verdict = Verdict.nonCompliant("x".repeat(400));

        assertEquals(256, verdict.annotation().length());
        assertTrue(verdict.annotation().endsWith("…"));
    }

    @Test
    void annotationsWithinTheLimitAreKept() {
        assertEquals("y".repeat(256), Verdict.compliant("y".repeat(256)).annotation());
    }

    @Test
    void aVerdictWithoutAReasonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Verdict.compliant(" "));
    }
}
