package io.keyguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParametersTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String ALIAS = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/team/ml";
    private static final String MRK = "arn:aws:kms:eu-west-1:210987654321:key/mrk-1234abcd12ab34cd56ef1234567890ab";

    @Test
    void noParametersMeansAnyKey() {
        RuleParameters parameters = RuleParameters.parse(Map.of());

        assertFalse(parameters.restrictsKeys());
    }

    @Test
    void emptyKmsKeyArnsMeansAnyKey() {
        assertFalse(RuleParameters.parse(Map.of("kmsKeyArns", " ")).restrictsKeys());
    }

    @Test
    void commaSeparatedKeyAndAliasArnsAcrossPartitionsAndAccounts() {
        RuleParameters parameters = RuleParameters.parse(Map.of("kmsKeyArns", KEY + " , " + ALIAS + "," + MRK));

        assertEquals(Set.of(KEY, ALIAS, MRK), parameters.kmsKeyArns());
    }

    @Test
    void unknownNameIsRefusedByName() {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("KmsKeyArns", KEY)));

        assertEquals("Unknown rule parameter(s) [KmsKeyArns]; this rule accepts only [kmsKeyArns]"
                + " (names are case-sensitive).", e.getMessage());
    }

    @Test
    void emptyEntryIsRefusedWithItsPosition() {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("kmsKeyArns", KEY + ",,")));

        assertEquals("Rule parameter kmsKeyArns has an empty entry at position 2; give a comma-separated list"
                + " of KMS key or alias ARNs.", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b", "alias/my-key",
            "arn:aws:s3:::bucket", "arn:aws:kms:us-east-1:12345:key/abc", "arn:aws:kms:us-east-1:123456789012:key/"})
    void entryThatIsNotAKmsArnIsRefusedAndQuoted(String entry) {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("kmsKeyArns", entry)));

        assertEquals("Rule parameter kmsKeyArns entry '" + entry + "' is not a KMS key or alias ARN"
                + " (expected arn:aws:kms:<region>:<account>:key/<id> or arn:aws:kms:<region>:<account>:alias/<name>).",
                e.getMessage());
    }
}
