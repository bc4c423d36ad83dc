package io.keyguard.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.keyguard.configrule.Compliance;
import io.keyguard.configrule.event.InvalidRuleParametersException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleParametersTest {

    private static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/1f2e3d4c-5b6a-4987-8a9b-0c1d2e3f4a5b";
    private static final String ALIAS = "arn:aws-us-gov:kms:us-gov-west-1:123456789012:alias/team/ml";
    private static final String MRK = "arn:aws:kms:eu-west-1:210987654321:key/mrk-1234abcd12ab34cd56ef1234567890ab";

    @Test
    void defaults() {
        RuleParameters parameters = RuleParameters.parse(Map.of());

        assertFalse(parameters.restrictsKeys());
        assertTrue(parameters.requireCustomerManagedKey());
        assertTrue(parameters.requireEnabledKey());
        assertFalse(parameters.requireKeyRotation());
        assertFalse(parameters.checkDataCaptureKey());
        assertFalse(parameters.checkAsyncOutputKey());
        assertNull(parameters.exemptionTagKey());
        assertEquals(Compliance.NOT_APPLICABLE, parameters.localStorageVerdict());
        assertEquals(Set.of(), parameters.localStorageInstanceTypes());
        assertEquals(Compliance.NON_COMPLIANT, parameters.unexaminableKeyVerdict());
    }

    @Test
    void everyParameterParsed() {
        RuleParameters parameters = RuleParameters.parse(Map.of(
                "requireCustomerManagedKey", "FALSE", "requireEnabledKey", "false", "requireKeyRotation", " true ",
                "checkDataCaptureKey", "True", "checkAsyncOutputKey", "true", "exemptionTagKey", "security:exempt",
                "localStorageVerdict", "non_compliant", "localStorageInstanceTypes", "ml.inf2, ML.TRN1.2XLARGE",
                "unexaminableKeyVerdict", "NOT_APPLICABLE"));

        assertFalse(parameters.requireCustomerManagedKey());
        assertFalse(parameters.requireEnabledKey());
        assertTrue(parameters.requireKeyRotation());
        assertTrue(parameters.checkDataCaptureKey());
        assertTrue(parameters.checkAsyncOutputKey());
        assertEquals("security:exempt", parameters.exemptionTagKey());
        assertEquals(Compliance.NON_COMPLIANT, parameters.localStorageVerdict());
        assertEquals(Set.of("ml.inf2", "ml.trn1.2xlarge"), parameters.localStorageInstanceTypes());
        assertEquals(Compliance.NOT_APPLICABLE, parameters.unexaminableKeyVerdict());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "requireKeyRotation|yes|Rule parameter requireKeyRotation is 'yes'; expected true or false.",
        "checkDataCaptureKey|1|Rule parameter checkDataCaptureKey is '1'; expected true or false.",
        "localStorageVerdict|SKIP|Rule parameter localStorageVerdict is 'SKIP'; expected one of [COMPLIANT,"
                + " NON_COMPLIANT, NOT_APPLICABLE].",
        "unexaminableKeyVerdict|COMPLIANT|Rule parameter unexaminableKeyVerdict is 'COMPLIANT'; expected one of"
                + " [NON_COMPLIANT, NOT_APPLICABLE].",
        "localStorageInstanceTypes|g5.xlarge|Rule parameter localStorageInstanceTypes entry 'g5.xlarge' is not an ML"
                + " instance type or family (for example ml.m5d.large or ml.m5d).",
        "exemptionTagKey|bad{key}|Rule parameter exemptionTagKey 'bad{key}' is not a valid tag key (1-128 letters,"
                + " digits, spaces and _ . : / = + - @).",
    })
    void malformedValuesAreRefusedByName(String name, String value, String message) {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of(name, value)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void overlongValuesAreRefusedNotCut() {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("kmsKeyArns", (KEY + ",").repeat(20))));

        assertEquals("Rule parameter kmsKeyArns is 1520 characters long; at most 1024 are accepted.", e.getMessage());
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

        assertEquals("Unknown rule parameter(s) [KmsKeyArns]; this rule accepts only [kmsKeyArns,"
                + " requireCustomerManagedKey, requireEnabledKey, requireKeyRotation, checkDataCaptureKey,"
                + " checkAsyncOutputKey, checkCoreDumpKey, exemptionTagKey, localStorageVerdict, localStorageInstanceTypes,"
                + " unexaminableKeyVerdict, ExecutionRoleName, ExecutionRoleRegion] (names are case-sensitive).",
                e.getMessage());
    }

    @Test
    void executionRoleParametersAreAcceptedButAreNotPartOfTheDecision() {
        assertEquals(RuleParameters.defaults(), RuleParameters.parse(Map.of(
                "ExecutionRoleName", "keyguard-member", "ExecutionRoleRegion", "eu-west-1")));
    }

    @Test
    void emptyEntryIsRefusedWithItsPosition() {
        InvalidRuleParametersException e = assertThrows(InvalidRuleParametersException.class,
                () -> RuleParameters.parse(Map.of("kmsKeyArns", KEY + ",,")));

        assertEquals("Rule parameter kmsKeyArns has an empty entry at position 2; give a comma-separated list,"
                + " each entry a KMS key or alias ARN (expected arn:aws:kms:<region>:<account>:key/<id> or"
                + " arn:aws:kms:<region>:<account>:alias/<name>).", e.getMessage());
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
