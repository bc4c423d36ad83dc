package io.keyguard.remediation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CopyNamesTest {

    /** EndpointConfigName in the SageMaker API Reference. */
    private static final Pattern SAGEMAKER_NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
    private static final String OTHER_KEY = "arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void theNameIsTheOriginalMarkedWithAHashOfNameAndKey() {
        assertEquals("churn-model-v3-cmk-22a5f465", CopyNames.of("churn-model-v3", KEY));
    }

    @Test
    void theSameConfigAndKeyAlwaysGiveTheSameNameWhateverTheCase() {
        assertEquals(CopyNames.of("Churn-Model-V3", KEY), CopyNames.of("churn-model-v3", KEY));
    }

    @Test
    void anotherKeyGivesAnotherCopy() {
        assertNotEquals(CopyNames.of("churn-model-v3", KEY), CopyNames.of("churn-model-v3", OTHER_KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "churn-model-v3", "x--y", "A1234567890123456789012345678901234567890123456789",
            "model-with-a-very-long-name-that-already-fills-sagemakers-limit", "ends-with-hyphen-at-the-cut-point--x-y",
            "churn-model-v3-cmk-22a5f465"})
    void everyNameFitsSageMakersLimitAndPattern(String original) {
        String copy = CopyNames.of(original, KEY);
        assertTrue(copy.length() <= CopyNames.MAX_LENGTH, copy);
        assertTrue(SAGEMAKER_NAME.matcher(copy).matches(), copy);
    }

    @Test
    void longNamesAreCutButStayDistinct() {
        String a = "model-with-a-very-long-name-that-already-fills-sagemakers-limit-a";
        String b = "model-with-a-very-long-name-that-already-fills-sagemakers-limit-b";
        assertEquals(63, CopyNames.of(a, KEY).length());
        assertNotEquals(CopyNames.of(a, KEY), CopyNames.of(b, KEY));
    }
}
